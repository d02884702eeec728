// The document store: type by content, size limit, sealed bytes, read back only by the uploader.
#include "domain/document/document.hpp"

#include <gtest/gtest.h>

#include "support/domain_test.hpp"

namespace gonghui::document {
namespace {

class DocumentTest : public gonghui::testing::DomainTest {};

const std::string kPdf = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\r\n";
// A 1×1 PNG.
const std::string kPng = std::string(
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde\0\0\0\x0cIDAT\x08"
    "\xd7\x63\xf8\xcf\xc0\0\0\x03\x01\x01\0\x18\xdd\x8d\xb0\0\0\0\0IEND\xae\x42\x60\x82",
    69);

TEST(DocumentCheckTest, TellsTheTypeByContent) {
  auto pdf = check(kPdf);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->first, "application/pdf");
  EXPECT_EQ(pdf->second, kPdf);
  auto png = check(kPng);
  ASSERT_TRUE(png.ok()) << png.error().message;
  EXPECT_EQ(png->first, "image/png");
  EXPECT_EQ(check("").error().code, "empty_file");
  EXPECT_EQ(check("%PDF-1.7\n1 0 obj << >> endobj\n").error().code, "invalid_document");
  EXPECT_EQ(check("<html><script>alert(1)</script></html>").error().code, "invalid_document");
  EXPECT_EQ(check(std::string(kMaxDocumentBytes + 1, '%')).error().code, "too_large");
  EXPECT_EQ(check("<html>").error().field, "file");
}

TEST_P(DocumentTest, KeepsTheBytesSealedForTheUploaderToReadBack) {
  auto saved = in_tx([&](store::Tx& tx) { return save(tx, kPdf, 77); });
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->bytes, static_cast<int64_t>(kPdf.size()));
  int64_t clear = -1;
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
                    GH_ASSIGN(
                        store::Rows rows,
                        tx.query("SELECT COUNT(*) FROM document_data WHERE sealed LIKE '%PDF%'"));
                    clear = rows[0].integer(0);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(clear, 0);
  auto own = in_tx([&](store::Tx& tx) { return read_own(tx, saved->id, 77); });
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->second, kPdf);
  EXPECT_EQ(own->first.content_type, "application/pdf");
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return read_own(tx, saved->id, 78); }).error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return load(tx, 4242); }).error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return save(tx, "plain text", 77); }).error().code,
            "invalid_document");
}

INSTANTIATE_TEST_SUITE_P(Engines, DocumentTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::document
