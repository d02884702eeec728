// Photos for merchant pages and applications: type told by content (JPEG, PNG, WebP), size
// limited, metadata (EXIF, GPS, comments, text chunks) stripped before storing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::merchant {

inline constexpr size_t kMaxPhotoBytes = 5 * 1024 * 1024;

struct Photo {
  int64_t id = 0;
  std::string content_type;  // image/jpeg, image/png or image/webp
  int64_t width = 0;
  int64_t height = 0;
  int64_t bytes = 0;
  std::string sha256;
};

std::vector<store::Migration> photo_migrations();

// Checks the bytes really are a JPEG, PNG or WebP image of sane dimensions, and returns
// them without metadata. Errors (field "file"): empty_file, too_large (413-worthy),
// invalid_image (not an image, or a format other than these three, or truncated).
Result<std::string> clean_image(std::string_view data, Photo& info);

// Cleans and records the photo with its bytes in the database, then caches the bytes under
// <dir>/<id>.<ext> (a cache only: every instance can serve the photo from the database).
Result<Photo> save_photo(store::Db& db, const std::string& dir, std::string_view data,
                         int64_t uploader_account_id);
// The photo's bytes and type, from the cache under dir or else from the database (and then
// cached). NotFound if unknown, or if the photo predates photo_data and is cached nowhere
// here.
Result<std::pair<Photo, std::string>> load_photo(store::Db& db, const std::string& dir, int64_t id);
// For a module that keeps photo ids (stations, help lists): every id names an uploaded photo.
// 400 naming `field` (unknown_photo) otherwise.
Status check_photo_ids(store::Tx& tx, const std::vector<int64_t>& ids, std::string_view field);

// Stores into the database the bytes of photos recorded before they were kept there, from
// the files under dir (those that are missing or do not match are left). Returns how many.
Result<int64_t> store_cached_photos(store::Db& db, const std::string& dir);

}  // namespace gonghui::merchant
