// Image sniffing and metadata stripping for JPEG, PNG and WebP, without decoding pixels.
#include "domain/merchant/photo.hpp"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"

namespace gonghui::merchant {
namespace {

Error invalid_image(const std::string& why) {
  return Error::invalid("file", "invalid_image", "not a usable JPEG, PNG or WebP image: " + why);
}

uint32_t be32(std::string_view d, size_t at) {
  return (uint32_t(uint8_t(d[at])) << 24) | (uint32_t(uint8_t(d[at + 1])) << 16) |
         (uint32_t(uint8_t(d[at + 2])) << 8) | uint32_t(uint8_t(d[at + 3]));
}
uint32_t le32(std::string_view d, size_t at) {
  return uint32_t(uint8_t(d[at])) | (uint32_t(uint8_t(d[at + 1])) << 8) |
         (uint32_t(uint8_t(d[at + 2])) << 16) | (uint32_t(uint8_t(d[at + 3])) << 24);
}
uint32_t le24(std::string_view d, size_t at) {
  return uint32_t(uint8_t(d[at])) | (uint32_t(uint8_t(d[at + 1])) << 8) |
         (uint32_t(uint8_t(d[at + 2])) << 16);
}

// Keeps every marker segment except APP1-APP15 (EXIF, XMP, …) and COM; stops copying
// structure at SOS, after which the entropy-coded data follows unchanged.
Result<std::string> clean_jpeg(std::string_view d, Photo& info) {
  std::string out = "\xFF\xD8";
  size_t at = 2;
  bool have_frame = false;
  while (at + 4 <= d.size()) {
    if (uint8_t(d[at]) != 0xFF) return invalid_image("broken JPEG marker");
    const uint8_t marker = uint8_t(d[at + 1]);
    if (marker == 0xFF) {
      ++at;  // fill byte
      continue;
    }
    const size_t length = (size_t(uint8_t(d[at + 2])) << 8) | uint8_t(d[at + 3]);
    if (length < 2 || at + 2 + length > d.size()) return invalid_image("truncated JPEG");
    const bool is_sof =
        (marker >= 0xC0 && marker <= 0xCF) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (is_sof) {
      if (length < 7) return invalid_image("short frame header");
      info.height = (int64_t(uint8_t(d[at + 5])) << 8) | uint8_t(d[at + 6]);
      info.width = (int64_t(uint8_t(d[at + 7])) << 8) | uint8_t(d[at + 8]);
      have_frame = true;
    }
    const bool metadata = (marker >= 0xE1 && marker <= 0xEF) || marker == 0xFE;
    if (!metadata) out.append(d.substr(at, 2 + length));
    at += 2 + length;
    if (marker == 0xDA) {  // start of scan: the rest is image data up to EOI
      if (!have_frame) return invalid_image("no frame header before the scan");
      out.append(d.substr(at));
      if (d.size() < 2 || uint8_t(d[d.size() - 2]) != 0xFF || uint8_t(d[d.size() - 1]) != 0xD9) {
        return invalid_image("truncated JPEG (no end marker)");
      }
      return out;
    }
  }
  return invalid_image("truncated JPEG");
}

// Keeps critical chunks and the ancillary ones that affect how pixels look; drops text,
// time, EXIF and the rest.
Result<std::string> clean_png(std::string_view d, Photo& info) {
  std::string out(d.substr(0, 8));
  size_t at = 8;
  bool have_header = false;
  while (at + 12 <= d.size()) {
    const uint32_t length = be32(d, at);
    if (length > d.size() || at + 12 + length > d.size()) return invalid_image("truncated PNG");
    const std::string type(d.substr(at + 4, 4));
    if (type == "IHDR") {
      if (length != 13) return invalid_image("bad PNG header");
      info.width = be32(d, at + 8);
      info.height = be32(d, at + 12);
      have_header = true;
    } else if (!have_header) {
      return invalid_image("PNG without header");
    }
    static const char* kKeep[] = {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA",
                                  "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD"};
    bool keep = false;
    for (const char* k : kKeep) keep = keep || type == k;
    if (keep) out.append(d.substr(at, 12 + length));
    at += 12 + length;
    if (type == "IEND") return out;
  }
  return invalid_image("truncated PNG (no IEND)");
}

// RIFF/WEBP: keeps image chunks, drops EXIF and XMP and clears their VP8X flags.
Result<std::string> clean_webp(std::string_view d, Photo& info) {
  std::string body;
  size_t at = 12;
  size_t vp8x_at = std::string::npos;
  while (at + 8 <= d.size()) {
    const std::string type(d.substr(at, 4));
    const uint32_t length = le32(d, at + 4);
    const size_t padded = length + (length & 1);
    if (length > d.size() || at + 8 + length > d.size()) return invalid_image("truncated WebP");
    if (type == "VP8X" && length >= 10) {
      info.width = le24(d, at + 14) + 1;
      info.height = le24(d, at + 17) + 1;
      vp8x_at = body.size();
    } else if (type == "VP8 " && length >= 10 && info.width == 0) {
      info.width = (uint8_t(d[at + 14]) | (uint8_t(d[at + 15]) << 8)) & 0x3FFF;
      info.height = (uint8_t(d[at + 16]) | (uint8_t(d[at + 17]) << 8)) & 0x3FFF;
    } else if (type == "VP8L" && length >= 5 && info.width == 0) {
      const uint32_t bits = le32(d, at + 9);
      info.width = (bits & 0x3FFF) + 1;
      info.height = ((bits >> 14) & 0x3FFF) + 1;
    }
    if (type != "EXIF" && type != "XMP ") {
      body.append(d.substr(at, std::min(8 + padded, d.size() - at)));
    }
    at += 8 + padded;
  }
  if (info.width == 0) return invalid_image("WebP without image data");
  if (vp8x_at != std::string::npos) {
    body[vp8x_at + 8] = static_cast<char>(uint8_t(body[vp8x_at + 8]) & ~0x0C);  // EXIF, XMP
  }
  std::string out = "RIFF";
  const uint32_t size = static_cast<uint32_t>(body.size() + 4);
  for (int i = 0; i < 4; ++i) out += static_cast<char>((size >> (8 * i)) & 0xFF);
  out += "WEBP";
  out += body;
  return out;
}

std::string extension(const std::string& content_type) {
  if (content_type == "image/png") return "png";
  if (content_type == "image/webp") return "webp";
  return "jpg";
}

}  // namespace

std::vector<store::Migration> photo_migrations() {
  return {{310, "photos",
           R"sql(CREATE TABLE photos (id BIGINT PRIMARY KEY, content_type TEXT NOT NULL,
  width BIGINT NOT NULL, height BIGINT NOT NULL, bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL, uploader_account_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL))sql",
           ""},
          // The bytes live in the database (base64url text: portable between the engines),
          // so that every instance can serve every photo and backups hold them; files under
          // the data folder are only a cache.
          {311, "photo bytes in the database",
           "CREATE TABLE photo_data (photo_id BIGINT PRIMARY KEY REFERENCES photos (id),"
           " data TEXT NOT NULL)",
           ""}};
}

Result<std::string> clean_image(std::string_view d, Photo& info) {
  if (d.empty()) return Error::invalid("file", "empty_file", "the upload is empty");
  if (d.size() > kMaxPhotoBytes) {
    return Error::invalid("file", "too_large", "photos may be at most 5 MiB");
  }
  Result<std::string> cleaned = invalid_image("unknown format");
  if (d.size() > 4 && uint8_t(d[0]) == 0xFF && uint8_t(d[1]) == 0xD8 && uint8_t(d[2]) == 0xFF) {
    info.content_type = "image/jpeg";
    cleaned = clean_jpeg(d, info);
  } else if (d.size() > 8 && d.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    info.content_type = "image/png";
    cleaned = clean_png(d, info);
  } else if (d.size() > 16 && d.substr(0, 4) == "RIFF" && d.substr(8, 4) == "WEBP") {
    info.content_type = "image/webp";
    cleaned = clean_webp(d, info);
  }
  if (!cleaned.ok()) return cleaned;
  if (info.width <= 0 || info.height <= 0 || info.width > 20000 || info.height > 20000) {
    return invalid_image("impossible dimensions");
  }
  info.bytes = static_cast<int64_t>(cleaned->size());
  info.sha256 = crypto::sha256_hex(*cleaned);
  return cleaned;
}

namespace {

std::string cache_path(const std::string& dir, const Photo& photo) {
  return dir + "/" + std::to_string(photo.id) + "." + extension(photo.content_type);
}

// Best effort: a photo that cannot be cached is read from the database next time.
void write_cache(const std::string& dir, const Photo& photo, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string path = cache_path(dir, photo);
  const std::string partial = path + ".part";
  {
    std::ofstream out(partial, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::filesystem::remove(partial, ec);
      return;
    }
  }
  std::filesystem::rename(partial, path, ec);  // readers never see half a file
}

std::optional<std::string> read_cache(const std::string& dir, const Photo& photo) {
  std::ifstream in(cache_path(dir, photo), std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string bytes = buffer.str();
  if (static_cast<int64_t>(bytes.size()) != photo.bytes) return std::nullopt;
  return bytes;
}

}  // namespace

Result<Photo> save_photo(store::Db& db, const std::string& dir, std::string_view data,
                         int64_t uploader_account_id) {
  Photo photo;
  GH_ASSIGN(std::string cleaned, clean_image(data, photo));
  photo.id = new_id();
  const std::string encoded = crypto::base64url(cleaned);
  GH_TRY(db.write([&](store::Tx& tx) -> Status {
    GH_TRY(
        tx.exec("INSERT INTO photos (id, content_type, width, height, bytes, sha256, "
                "uploader_account_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {photo.id, photo.content_type, photo.width, photo.height, photo.bytes, photo.sha256,
                 uploader_account_id, Timestamp::now().ms}));
    GH_TRY(tx.exec("INSERT INTO photo_data (photo_id, data) VALUES (?, ?)", {photo.id, encoded}));
    return Status::Ok();
  }));
  write_cache(dir, photo, cleaned);
  return photo;
}

Result<std::pair<Photo, std::string>> load_photo(store::Db& db, const std::string& dir,
                                                 int64_t id) {
  Photo photo;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT content_type, width, height, bytes, sha256 "
                                         "FROM photos WHERE id = ?",
                                         {id}));
    if (rows.empty()) return Error::not_found("photo");
    photo.id = id;
    photo.content_type = rows[0].text(0);
    photo.width = rows[0].integer(1);
    photo.height = rows[0].integer(2);
    photo.bytes = rows[0].integer(3);
    photo.sha256 = rows[0].text(4);
    return Status::Ok();
  }));
  if (auto cached = read_cache(dir, photo)) {
    return std::make_pair(photo, std::move(*cached));
  }
  std::string encoded;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT data FROM photo_data WHERE photo_id = ?", {id}));
    if (rows.empty()) return Error::not_found("photo file");
    encoded = rows[0].text(0);
    return Status::Ok();
  }));
  std::string bytes;
  if (!crypto::unbase64url(encoded, bytes) || crypto::sha256_hex(bytes) != photo.sha256) {
    return Error::internal("photo " + std::to_string(id) + " is damaged in the database");
  }
  write_cache(dir, photo, bytes);
  return std::make_pair(photo, std::move(bytes));
}

Result<int64_t> store_cached_photos(store::Db& db, const std::string& dir) {
  std::vector<Photo> missing;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT p.id, p.content_type, p.bytes, p.sha256 FROM photos p "
                       "WHERE NOT EXISTS (SELECT 1 FROM photo_data d WHERE d.photo_id = p.id) "
                       "ORDER BY p.id"));
    for (const auto& row : rows) {
      Photo photo;
      photo.id = row.integer(0);
      photo.content_type = row.text(1);
      photo.bytes = row.integer(2);
      photo.sha256 = row.text(3);
      missing.push_back(std::move(photo));
    }
    return Status::Ok();
  }));
  int64_t stored = 0;
  for (const Photo& photo : missing) {
    auto bytes = read_cache(dir, photo);
    if (!bytes || crypto::sha256_hex(*bytes) != photo.sha256) {
      continue;
    }
    const std::string encoded = crypto::base64url(*bytes);
    GH_TRY(db.write([&](store::Tx& tx) -> Status {
      GH_TRY(
          tx.exec("INSERT INTO photo_data (photo_id, data) VALUES (?, ?) "
                  "ON CONFLICT (photo_id) DO NOTHING",
                  {photo.id, encoded}));
      return Status::Ok();
    }));
    ++stored;
  }
  return stored;
}

Status check_photo_ids(store::Tx& tx, const std::vector<int64_t>& ids, std::string_view field) {
  for (int64_t id : ids) {
    GH_ASSIGN(store::Rows found, tx.query("SELECT 1 FROM photos WHERE id = ?", {id}));
    if (found.empty()) {
      return Error::invalid(std::string(field), "unknown_photo", "no uploaded photo has that id");
    }
  }
  return Status::Ok();
}

}  // namespace gonghui::merchant
