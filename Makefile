# gonghui: `make run` to try it, `make test` to check everything. See README.md.
.PHONY: run test build web deb asan format clean

PORT ?= 8080
DB ?= data/gonghui.db

run:
	@scripts/deps.sh build
	@scripts/build.sh release web
	@test -f $(DB) || build/release/gonghui demo --db sqlite:$(DB)
	@exec build/release/gonghui serve --db sqlite:$(DB) --listen 127.0.0.1:$(PORT)

test:
	@scripts/test.sh

build:
	@scripts/deps.sh build
	@scripts/build.sh release

web:
	@scripts/build.sh web

# A Debian package of the release build and the web app: build/release/gonghui_VERSION_amd64.deb
deb:
	@scripts/deps.sh build
	@scripts/build.sh release web
	@scripts/deb.sh

asan:
	@scripts/build.sh asan

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build web/dist
