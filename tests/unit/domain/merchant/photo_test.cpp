#include "domain/merchant/photo.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/test_db.hpp"

namespace gonghui::merchant {
namespace {

std::string segment(uint8_t marker, const std::string& payload) {
  std::string out = {char(0xFF), char(marker)};
  const size_t length = payload.size() + 2;
  out += char(length >> 8);
  out += char(length & 0xFF);
  return out + payload;
}

// A structurally valid baseline JPEG header with made-up scan data.
std::string jpeg(bool with_exif) {
  std::string d = "\xFF\xD8";
  d += segment(0xE0, std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14));
  if (with_exif) d += segment(0xE1, std::string("Exif\0\0GPS 30.1N 120.2E", 22));
  d += segment(0xFE, "a comment");
  d += segment(0xC0, std::string("\x08\x00\x10\x00\x20\x01\x01\x11\x00", 9));  // 32x16
  d += segment(0xDA, std::string("\x01\x01\x00\x00\x3f\x00", 6));
  d += "\x12\x34\x56\xFF\xD9";
  return d;
}

std::string webp_chunk(const std::string& type, const std::string& payload) {
  std::string out = type;
  const uint32_t n = static_cast<uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) out += char((n >> (8 * i)) & 0xFF);
  out += payload;
  if (payload.size() % 2) out += '\0';
  return out;
}

std::string webp(bool with_exif) {
  // VP8L header: signature 0x2f, then 14 bits width-1, 14 bits height-1.
  const uint32_t bits = (7u) | (3u << 14);  // 8 x 4
  std::string vp8l = "\x2f";
  for (int i = 0; i < 4; ++i) vp8l += char((bits >> (8 * i)) & 0xFF);
  std::string body = webp_chunk("VP8L", vp8l + "\x00\x00");
  if (with_exif) body += webp_chunk("EXIF", "GPS 30.1N");
  std::string out = "RIFF";
  const uint32_t size = static_cast<uint32_t>(body.size() + 4);
  for (int i = 0; i < 4; ++i) out += char((size >> (8 * i)) & 0xFF);
  return out + "WEBP" + body;
}

TEST(PhotoTest, JpegLosesExifAndCommentsButKeepsImageData) {
  Photo info;
  auto cleaned = clean_image(jpeg(true), info);
  ASSERT_TRUE(cleaned.ok()) << cleaned.error().message;
  EXPECT_EQ(info.content_type, "image/jpeg");
  EXPECT_EQ(info.width, 32);
  EXPECT_EQ(info.height, 16);
  EXPECT_EQ(cleaned->find("GPS"), std::string::npos);
  EXPECT_EQ(cleaned->find("a comment"), std::string::npos);
  std::string without = jpeg(false);
  // Removing the comment from the reference too: the cleaned file is exactly it.
  without.erase(without.find("\xFF\xFE"), 4 + 9);
  EXPECT_EQ(*cleaned, without);
}

TEST(PhotoTest, WebpLosesExifChunk) {
  Photo info;
  auto cleaned = clean_image(webp(true), info);
  ASSERT_TRUE(cleaned.ok()) << cleaned.error().message;
  EXPECT_EQ(info.content_type, "image/webp");
  EXPECT_EQ(info.width, 8);
  EXPECT_EQ(info.height, 4);
  EXPECT_EQ(*cleaned, webp(false));
}

TEST(PhotoTest, RefusesFakesTruncationAndOversize) {
  Photo info;
  EXPECT_EQ(clean_image("GIF89a........", info).error().code, "invalid_image");
  EXPECT_EQ(clean_image("<svg xmlns='http://www.w3.org/2000/svg'/>", info).error().code,
            "invalid_image");
  const std::string full = jpeg(false);
  EXPECT_EQ(clean_image(full.substr(0, full.size() - 2), info).error().code, "invalid_image");
  EXPECT_EQ(clean_image("", info).error().code, "empty_file");
  std::string huge = full;
  huge.resize(kMaxPhotoBytes + 1, '\0');
  EXPECT_EQ(clean_image(huge, info).error().code, "too_large");
}

class PhotoStoreTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PhotoStoreTest, BytesLiveInTheDatabaseAndFilesAreOnlyACache) {
  gonghui::testing::TestDb test(GetParam());
  // Two instances' data folders: a photo saved through one is served by the other.
  const auto root = std::filesystem::temp_directory_path() /
                    ("gonghui_photos_" + std::to_string(::getpid()) + "_" + GetParam());
  const std::string a = (root / "a").string(), b = (root / "b").string();
  auto saved = save_photo(test.db(), a, jpeg(true), 1);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  auto here = load_photo(test.db(), a, saved->id);
  ASSERT_TRUE(here.ok());
  auto there = load_photo(test.db(), b, saved->id);
  ASSERT_TRUE(there.ok()) << there.error().message;
  EXPECT_EQ(there->second, here->second);
  EXPECT_EQ(static_cast<int64_t>(there->second.size()), saved->bytes);
  EXPECT_TRUE(std::filesystem::exists(b + "/" + std::to_string(saved->id) + ".jpg"))
      << "read from the database, then cached";

  // A photo recorded before its bytes were kept in the database, cached only under a.
  ASSERT_TRUE(test.db()
                  .write([&](store::Tx& tx) -> Status {
                    GH_TRY(tx.exec("DELETE FROM photo_data WHERE photo_id = ?", {saved->id}));
                    return Status::Ok();
                  })
                  .ok());
  std::filesystem::remove_all(b);
  EXPECT_EQ(load_photo(test.db(), b, saved->id).error().kind, ErrorKind::kNotFound);
  auto stored = store_cached_photos(test.db(), b);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, 0) << "nothing cached under b";
  stored = store_cached_photos(test.db(), a);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, 1);
  auto back = load_photo(test.db(), b, saved->id);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->second, here->second);
  std::filesystem::remove_all(root);
}

INSTANTIATE_TEST_SUITE_P(Engines, PhotoStoreTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::merchant
