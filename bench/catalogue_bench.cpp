// Catalogue search as a member meets it: 10,000 signed merchants and 50,000 products in
// SQLite, searched in-process through CatalogueSearch (with its per-search version check)
// and through HTTP on loopback (sign-in, router, JSON), one keep-alive connection.
//   build/release/bench/catalogue_bench
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/org/org.hpp"
#include "http/server.hpp"

namespace {

using namespace gonghui;
using Clock = std::chrono::steady_clock;

const char* kProduce[] = {"草莓", "西瓜", "苹果", "葡萄", "蓝莓", "猕猴桃", "脐橙", "冬桃",
                          "番茄", "白菜", "梨",   "大米", "黄桃", "樱桃",   "甜瓜", "玉米"};
const char* kPlaces[] = {"江北", "城南", "高新", "长江", "南湖", "西湖", "滨江", "青山"};
const char* kKinds[] = {"采摘园", "农场", "果园", "合作社", "生鲜店", "超市"};
const char* kQueries[] = {"葡萄",  "蘋果", "putao",  "pt",       "caomei", "草mei",
                          "xigua", "江北", "LanMei", "ｄａｍｉ", "猕猴桃", "zzzz"};

double us_since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

void print(const char* what, std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  std::printf("  %-34s p50 %7.0f us   p99 %7.0f us   (%zu queries)\n", what,
              samples[samples.size() / 2], samples[samples.size() * 99 / 100], samples.size());
}

void must(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.error().message.c_str());
    std::exit(1);
  }
}

// Minimal HTTP/1.1 client over one keep-alive connection.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) std::exit(1);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Client() { close(fd_); }
  // Returns the status code; the body is discarded.
  int get(const std::string& target, const std::string& token) {
    const std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: b\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    if (write(fd_, request.data(), request.size()) < 0) return -1;
    std::string buffer;
    char chunk[65536];
    size_t header_end = std::string::npos;
    size_t length = 0;
    for (;;) {
      const ssize_t n = read(fd_, chunk, sizeof chunk);
      if (n <= 0) return -1;
      buffer.append(chunk, static_cast<size_t>(n));
      if (header_end == std::string::npos) {
        header_end = buffer.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        const size_t at = buffer.find("Content-Length: ");
        length = std::stoul(buffer.substr(at + 16));
      }
      if (buffer.size() >= header_end + 4 + length) break;
    }
    return std::stoi(buffer.substr(9, 3));
  }

 private:
  int fd_;
};

std::string url_encode(const std::string& text) {
  std::string out;
  char hex[4];
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

}  // namespace

int main() {
  crypto::init();
  const auto path = std::filesystem::temp_directory_path() / "gonghui_catalogue_bench.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  app::App application;
  application.config.db = "sqlite:" + path.string();
  application.config.access_log = false;
  application.db = app::open_database(application.config);
  app::start_services(application);

  std::mt19937 random(7);
  const int64_t now = Timestamp::now().ms;
  const std::string hash = crypto::hash_password("bench-password");
  auto started = Clock::now();
  must(application.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(org::Org root, org::create_root(tx, {"总工会", org::Kind::kFederation, "", ""}));
    GH_TRY(auth::create_account(tx, "13800000000", "bench", hash, false));
    for (int m = 0; m < 10000; ++m) {
      const int64_t merchant = new_id();
      std::string name = std::string(kPlaces[random() % 8]) + kProduce[random() % 16] +
                         kKinds[random() % 6] + std::to_string(m);
      GH_TRY(
          tx.exec("INSERT INTO merchants (id, org_id, name, category, address, lat_e6, "
                  "lng_e6, contact_name, phone, licence_no, description, opening_hours, "
                  "external_url, photo_ids, suspended, contract_start, contract_end, "
                  "created_at, updated_at) VALUES (?, ?, ?, 'farm', '地址', 30000000, "
                  "120000000, '联系人', '0571-88000000', 'LICENCE1', '助农', '', '', '', "
                  "0, ?, ?, ?, ?)",
                  {merchant, root.id, name, now - 1000, now + 86400000, now, now}));
      for (int p = 0; p < 5; ++p) {
        GH_TRY(
            tx.exec("INSERT INTO products (id, merchant_id, name, kind, unit, "
                    "unit_price_fen, origin, season_months, withdrawn, updated_at) "
                    "VALUES (?, ?, ?, 'fruit', '斤', 1000, '本地', '', 0, ?)",
                    {new_id(), merchant,
                     std::string(p % 2 ? "精品" : "有机") + kProduce[random() % 16], now}));
      }
    }
    return Status::Ok();
  }),
       "seed");
  std::printf("seeded 10,000 merchants and 50,000 products in %.1f s\n", us_since(started) / 1e6);
  started = Clock::now();
  must(application.catalogue->refresh(), "index");
  std::printf("index built in %.0f ms (%zu documents)\n", us_since(started) / 1e3,
              application.catalogue->size());

  std::vector<double> in_process;
  for (int i = 0; i < 10000; ++i) {
    const auto t = Clock::now();
    auto hits = application.catalogue->search(kQueries[i % std::size(kQueries)], 20);
    in_process.push_back(us_since(t));
    if (!hits.ok()) return 1;
  }
  print("in-process CatalogueSearch::search", in_process);

  http::Router router;
  app::register_routes(router, application);
  http::ServerOptions options;
  options.port = 0;
  options.access_log = false;
  http::Server server(options,
                      [&router](http::Request& request) { return router.dispatch(request); });
  const uint16_t port = server.listen();
  std::thread serving([&server] { server.run(); });
  auto signed_in = application.sessions->sign_in("13800000000", "bench-password", "127.0.0.1");
  if (!signed_in.ok()) return 1;
  Client client(port);
  std::vector<double> over_http;
  for (int i = 0; i < 5000; ++i) {
    const std::string target =
        "/api/v1/search?limit=20&q=" + url_encode(kQueries[i % std::size(kQueries)]);
    const auto t = Clock::now();
    if (client.get(target, signed_in->token) != 200) return 1;
    over_http.push_back(us_since(t));
  }
  print("HTTP GET /api/v1/search (loopback)", over_http);
  server.stop();
  serving.join();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return 0;
}
