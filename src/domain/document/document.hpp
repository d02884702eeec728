// Documents uploaded for a module to keep — an enrolment report (学信网) for 求学圆梦, later a
// certificate or a household paper: a PDF or a photo, told by content, at most 5 MiB, and
// sealed in the database (domain/sealing) because such papers carry personal data. Every
// instance reads them from the database; nothing is cached on disk.
//
// The store only keeps and checks documents. Who may read one is the business of the module
// that takes it: the uploader may always read their own (read_own); a module that links a
// document to its record (an application) checks its own scope first and then calls load.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::document {

inline constexpr size_t kMaxDocumentBytes = 5 * 1024 * 1024;

struct Document {
  int64_t id = 0;
  std::string content_type;  // application/pdf, image/jpeg, image/png or image/webp
  int64_t bytes = 0;
  int64_t uploader_account_id = 0;
  int64_t created_at = 0;
};

// Tables documents and document_data (version 1101).
std::vector<store::Migration> migrations();

// The bytes to keep and their type: a PDF as it is (it must begin with %PDF- and end with
// %%EOF), a JPEG, PNG or WebP photo checked and stripped of metadata as photos are
// (merchant::clean_image). Errors (400, field "file"): empty_file, too_large (over 5 MiB),
// invalid_document (anything else, or a damaged PDF or image).
Result<std::pair<std::string, std::string>> check(std::string_view data);

// Checks the bytes and stores them sealed, uploaded by that account. Errors as check().
Result<Document> save(store::Tx& tx, std::string_view data, int64_t uploader_account_id);

// A document's description. NotFound (document) if there is none.
Result<Document> info(store::Tx& tx, int64_t id);

// A document with its bytes, opened. NotFound (document) if there is none; the caller has
// checked that the reader may see it.
Result<std::pair<Document, std::string>> load(store::Tx& tx, int64_t id);

// load() for the account that uploaded it; NotFound for anyone else, so that ids of other
// people's documents cannot be told from ids of none.
Result<std::pair<Document, std::string>> read_own(store::Tx& tx, int64_t id, int64_t account_id);

}  // namespace gonghui::document
