// The document store: type by content, size limit, sealed bytes in the database.
#include "domain/document/document.hpp"

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/merchant/photo.hpp"
#include "domain/sealing/sealing.hpp"
#include "store/columns.hpp"

namespace gonghui::document {
namespace {

constexpr std::string_view kSelectDocument =
    "SELECT id, content_type, bytes, uploader_account_id, created_at FROM documents";
using DocumentFields = store::Fields<&Document::id, &Document::content_type, &Document::bytes,
                                     &Document::uploader_account_id, &Document::created_at>;
static_assert(DocumentFields::matches(kSelectDocument));

std::string context_of(int64_t id) { return "document:" + std::to_string(id); }

Error invalid_document(const std::string& why) {
  return Error::invalid("file", "invalid_document", "not a PDF, JPEG, PNG or WebP file: " + why);
}

// A PDF begins with its header and ends with %%EOF, perhaps followed by line ends.
bool looks_like_pdf(std::string_view data) {
  if (!data.starts_with("%PDF-")) {
    return false;
  }
  const size_t tail = data.size() > 1024 ? data.size() - 1024 : 0;
  return data.find("%%EOF", tail) != std::string_view::npos;
}

}  // namespace

std::vector<store::Migration> migrations() {
  return {{1101, "documents",
           R"sql(CREATE TABLE documents (
  id BIGINT PRIMARY KEY, content_type TEXT NOT NULL, bytes BIGINT NOT NULL,
  uploader_account_id BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX documents_uploader ON documents (uploader_account_id, id);
CREATE TABLE document_data (
  document_id BIGINT PRIMARY KEY REFERENCES documents (id), sealed TEXT NOT NULL);)sql",
           ""}};
}

Result<std::pair<std::string, std::string>> check(std::string_view data) {
  if (data.empty()) {
    return Error::invalid("file", "empty_file", "the file is empty");
  }
  if (data.size() > kMaxDocumentBytes) {
    return Error::invalid("file", "too_large", "documents may be at most 5 MiB");
  }
  if (data.starts_with("%PDF-")) {
    if (!looks_like_pdf(data)) {
      return invalid_document("a PDF without its end (truncated?)");
    }
    return std::make_pair(std::string("application/pdf"), std::string(data));
  }
  merchant::Photo photo;
  auto cleaned = merchant::clean_image(data, photo);
  if (!cleaned.ok()) {
    return invalid_document(cleaned.error().message);
  }
  return std::make_pair(photo.content_type, std::move(cleaned).value());
}

Result<Document> save(store::Tx& tx, std::string_view data, int64_t uploader_account_id) {
  GH_ASSIGN(auto checked, check(data));
  GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
  Document d;
  d.id = new_id();
  d.content_type = checked.first;
  d.bytes = static_cast<int64_t>(checked.second.size());
  d.uploader_account_id = uploader_account_id;
  d.created_at = Timestamp::now().ms;
  GH_TRY(
      tx.exec("INSERT INTO documents (id, content_type, bytes, uploader_account_id, created_at) "
              "VALUES (?, ?, ?, ?, ?)",
              {d.id, d.content_type, d.bytes, d.uploader_account_id, d.created_at}));
  GH_TRY(tx.exec("INSERT INTO document_data (document_id, sealed) VALUES (?, ?)",
                 {d.id, sealer.seal(checked.second, context_of(d.id))}));
  return d;
}

Result<Document> info(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectDocument) + " WHERE id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("document");
  }
  return DocumentFields::read(rows[0]);
}

Result<std::pair<Document, std::string>> load(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Document d, info(tx, id));
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT sealed FROM document_data WHERE document_id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("document");
  }
  GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
  GH_ASSIGN(std::string bytes, sealer.unseal(rows[0].text(0), context_of(id)));
  return std::make_pair(std::move(d), std::move(bytes));
}

Result<std::pair<Document, std::string>> read_own(store::Tx& tx, int64_t id, int64_t account_id) {
  GH_ASSIGN(Document d, info(tx, id));
  if (d.uploader_account_id != account_id) {
    return Error::not_found("document");
  }
  return load(tx, id);
}

}  // namespace gonghui::document
