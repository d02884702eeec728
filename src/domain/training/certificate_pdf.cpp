// A certificate as a PDF, drawn with libharu: A4 landscape, Chinese text in the PDF viewer's
// standard Chinese fonts (libharu's SimSun and SimHei with the GBK encoding, so no font file is
// embedded) and a QR code (libqrencode) of the public verification page.
#include <hpdf.h>
#include <iconv.h>
#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <type_traits>

#include "core/time.hpp"
#include "domain/training/training.hpp"

namespace gonghui::training {

namespace {

// UTF-8 to GBK, the encoding libharu's Chinese fonts take; a character GBK lacks becomes '?'.
std::string to_gbk(std::string_view utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return std::string(utf8);
  }
  std::string out;
  std::string in(utf8);
  char* src = in.data();
  size_t left = in.size();
  char buffer[256];
  while (left > 0) {
    char* dst = buffer;
    size_t room = sizeof buffer;
    const size_t done = iconv(cd, &src, &left, &dst, &room);
    out.append(buffer, static_cast<size_t>(dst - buffer));
    if (done == static_cast<size_t>(-1) && errno != E2BIG) {
      // Skip the character GBK cannot hold (or a broken byte) and mark its place.
      out += '?';
      do {
        ++src;
        --left;
      } while (left > 0 && (static_cast<unsigned char>(*src) & 0xC0) == 0x80);
    }
  }
  iconv_close(cd);
  return out;
}

// The code points of a UTF-8 string, each as its own UTF-8 text.
std::vector<std::string> characters(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    size_t n = 1;
    while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
    out.emplace_back(text.substr(i, n));
    i += n;
  }
  return out;
}

struct Pdf {
  HPDF_Doc doc = nullptr;
  HPDF_Page page = nullptr;
  HPDF_Font song = nullptr;
  HPDF_Font hei = nullptr;
  HPDF_STATUS error = HPDF_OK;
};

void on_error(HPDF_STATUS error_no, HPDF_STATUS, void* user) {
  static_cast<Pdf*>(user)->error = error_no;
}

float width_of(Pdf& pdf, const std::string& utf8) {
  return HPDF_Page_TextWidth(pdf.page, to_gbk(utf8).c_str());
}

void text_at(Pdf& pdf, HPDF_Font font, float size, float x, float y, const std::string& utf8) {
  HPDF_Page_BeginText(pdf.page);
  HPDF_Page_SetFontAndSize(pdf.page, font, size);
  HPDF_Page_TextOut(pdf.page, x, y, to_gbk(utf8).c_str());
  HPDF_Page_EndText(pdf.page);
}

void centred(Pdf& pdf, HPDF_Font font, float size, float y, const std::string& utf8) {
  HPDF_Page_SetFontAndSize(pdf.page, font, size);
  const float width = width_of(pdf, utf8);
  text_at(pdf, font, size, (HPDF_Page_GetWidth(pdf.page) - width) / 2, y, utf8);
}

// Writes `utf8` from (x, y) in lines no wider than `width`, breaking between characters;
// returns the y below the last line.
float paragraph(Pdf& pdf, float size, float x, float y, float width, const std::string& utf8) {
  HPDF_Page_SetFontAndSize(pdf.page, pdf.song, size);
  std::string line;
  for (const std::string& c : characters(utf8)) {
    if (!line.empty() && width_of(pdf, line + c) > width) {
      text_at(pdf, pdf.song, size, x, y, line);
      y -= size * 1.8f;
      line.clear();
    }
    line += c;
  }
  if (!line.empty()) {
    text_at(pdf, pdf.song, size, x, y, line);
    y -= size * 1.8f;
  }
  return y;
}

// The QR code of `text` with its lower left corner at (x, y), `side` points wide.
void qr_code(Pdf& pdf, const std::string& text, float x, float y, float side) {
  std::unique_ptr<QRcode, void (*)(QRcode*)> qr(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
  if (!qr) {
    pdf.error = HPDF_INVALID_PARAMETER;
    return;
  }
  const float module = side / static_cast<float>(qr->width);
  HPDF_Page_SetRGBFill(pdf.page, 0, 0, 0);
  for (int row = 0; row < qr->width; ++row) {
    for (int col = 0; col < qr->width; ++col) {
      if (qr->data[row * qr->width + col] & 1) {
        HPDF_Page_Rectangle(pdf.page, x + static_cast<float>(col) * module,
                            y + side - static_cast<float>(row + 1) * module, module, module);
      }
    }
  }
  HPDF_Page_Fill(pdf.page);
}

std::string chinese_date(int64_t ms) {
  const std::string d = format_local_date(ms);  // 2025-03-01
  return d.substr(0, 4) + "年" + std::to_string(std::stoi(d.substr(5, 2))) + "月" +
         std::to_string(std::stoi(d.substr(8, 2))) + "日";
}

void draw(Pdf& pdf, const Certificate& c, const std::string& verify_url) {
  const float w = HPDF_Page_GetWidth(pdf.page), h = HPDF_Page_GetHeight(pdf.page);
  HPDF_Page_SetRGBStroke(pdf.page, 0.72f, 0.11f, 0.11f);
  HPDF_Page_SetLineWidth(pdf.page, 4);
  HPDF_Page_Rectangle(pdf.page, 24, 24, w - 48, h - 48);
  HPDF_Page_Stroke(pdf.page);
  HPDF_Page_SetLineWidth(pdf.page, 1);
  HPDF_Page_Rectangle(pdf.page, 34, 34, w - 68, h - 68);
  HPDF_Page_Stroke(pdf.page);
  HPDF_Page_SetRGBFill(pdf.page, 0.72f, 0.11f, 0.11f);
  centred(pdf, pdf.hei, 40, h - 120, "结业证书");
  HPDF_Page_SetRGBFill(pdf.page, 0.1f, 0.1f, 0.1f);
  text_at(pdf, pdf.hei, 20, 90, h - 190, c.holder_name + " 同志：");
  const std::string body = "于" + chinese_date(c.issued_at) + "完成" + c.org_name + "举办的「" +
                           c.course_title + "」（" + std::string(category_label(c.category)) +
                           "）技能培训，参加课程" + std::to_string(c.sessions_attended) +
                           "次，达到结业要求，特发此证。";
  float y = paragraph(pdf, 18, 120, h - 235, w - 240, body);
  text_at(pdf, pdf.song, 16, 120, y - 10, "授课教师：" + c.teacher_name);
  text_at(pdf, pdf.song, 16, w - 360, 150, "发证单位：" + c.org_name);
  text_at(pdf, pdf.song, 16, w - 360, 120, "发证日期：" + chinese_date(c.issued_at));
  text_at(pdf, pdf.song, 11, 90, 70, "证书编号：" + c.verify_code);
  qr_code(pdf, verify_url, 90, 90, 90);
  text_at(pdf, pdf.song, 11, 190, 95, "扫码验证证书真伪");
}

}  // namespace

Result<std::string> certificate_pdf(const Certificate& c, const std::string& verify_url) {
  Pdf pdf;
  pdf.doc = HPDF_New(on_error, &pdf);
  if (pdf.doc == nullptr) {
    return Error::internal("cannot start a PDF");
  }
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, void (*)(HPDF_Doc)> owner(pdf.doc, HPDF_Free);
  HPDF_SetCompressionMode(pdf.doc, HPDF_COMP_ALL);
  HPDF_UseCNSFonts(pdf.doc);
  HPDF_UseCNSEncodings(pdf.doc);
  pdf.song = HPDF_GetFont(pdf.doc, "SimSun", "GBK-EUC-H");
  pdf.hei = HPDF_GetFont(pdf.doc, "SimHei", "GBK-EUC-H");
  pdf.page = HPDF_AddPage(pdf.doc);
  if (pdf.error != HPDF_OK || pdf.song == nullptr || pdf.hei == nullptr || pdf.page == nullptr) {
    return Error::internal("cannot set up the PDF's fonts");
  }
  HPDF_Page_SetSize(pdf.page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
  HPDF_SetInfoAttr(pdf.doc, HPDF_INFO_TITLE, "Training certificate");
  HPDF_SetInfoAttr(pdf.doc, HPDF_INFO_CREATOR, "gonghui");
  draw(pdf, c, verify_url);
  HPDF_SaveToStream(pdf.doc);
  if (pdf.error != HPDF_OK) {
    return Error::internal("cannot draw the PDF (libharu error " + std::to_string(pdf.error) + ")");
  }
  std::string out(HPDF_GetStreamSize(pdf.doc), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
  HPDF_ReadFromStream(pdf.doc, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  out.resize(size);
  return out;
}

}  // namespace gonghui::training
