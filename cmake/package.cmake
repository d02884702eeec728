# `make deb`: a Debian package of the release build with CPack's DEB generator (cpack -G DEB
# in build/release). The web app must be built into web/dist first (scripts/build.sh web).
#   /usr/bin/gonghui, /usr/share/gonghui/web (found by `gonghui serve` beside the binary),
#   /lib/systemd/system/gonghui{,@,-backup}.service and gonghui-backup.timer,
#   /etc/gonghui/gonghui.env (a conffile), /usr/share/doc/gonghui/{copyright,changelog.gz},
#   /usr/share/gonghui/deploy/{nginx.conf,gonghui-upstream.conf,alerts.yml} and
#   /usr/sbin/gonghui-rolling-upgrade;
#   deploy/debian/postinst makes the gonghui user, /var/lib/gonghui and /var/backups/gonghui.
set(GONGHUI_DEB_VERSION ${PROJECT_VERSION})
set(deb_dir ${CMAKE_SOURCE_DIR}/deploy/debian)

install(TARGETS gonghui RUNTIME DESTINATION bin)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/web/dist/ DESTINATION share/gonghui/web)
# Debian 12 keeps systemd units in /lib (its /usr merge forbids moving them yet).
install(FILES ${CMAKE_SOURCE_DIR}/deploy/gonghui.service ${CMAKE_SOURCE_DIR}/deploy/gonghui@.service
              ${CMAKE_SOURCE_DIR}/deploy/gonghui-backup.service
              ${CMAKE_SOURCE_DIR}/deploy/gonghui-backup.timer
        DESTINATION /lib/systemd/system)
# What docs/deploy.md installs from the package: nginx's configuration and the instances'
# upstream file, the alert rules, and the rolling upgrade as a command.
install(FILES ${CMAKE_SOURCE_DIR}/deploy/nginx.conf ${CMAKE_SOURCE_DIR}/deploy/gonghui-upstream.conf
              ${CMAKE_SOURCE_DIR}/deploy/alerts.yml
        DESTINATION share/gonghui/deploy)
install(PROGRAMS ${CMAKE_SOURCE_DIR}/deploy/rolling-upgrade.sh DESTINATION sbin
        RENAME gonghui-rolling-upgrade)
# Shipped 0644 with no secret in it; postinst makes it 0640 root:gonghui.
install(FILES ${CMAKE_SOURCE_DIR}/deploy/gonghui.env DESTINATION /etc/gonghui)
configure_file(${deb_dir}/changelog.in ${CMAKE_BINARY_DIR}/debian/changelog @ONLY)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/debian/changelog.gz
                   COMMAND gzip -9nfk ${CMAKE_BINARY_DIR}/debian/changelog
                   DEPENDS ${CMAKE_BINARY_DIR}/debian/changelog)
add_custom_target(deb_changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/debian/changelog.gz)
install(FILES ${deb_dir}/copyright ${CMAKE_BINARY_DIR}/debian/changelog.gz
        DESTINATION share/doc/gonghui)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gonghui)
set(CPACK_PACKAGE_VERSION ${GONGHUI_DEB_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "trade-union member benefits and farm-aid platform")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
       "One server binary with its web app: members, points, campaigns (lotteries,\n"
       "claims, bookings, distributions), merchants and vouchers, for a union\n"
       "federation on SQLite, or on PostgreSQL with several instances behind nginx.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "gonghui maintainers <gonghui@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx, postgresql-client")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${deb_dir}/conffiles ${deb_dir}/postinst ${deb_dir}/prerm
    ${deb_dir}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
