// Messages that also go by text: claimed once in message_texts, then sent.
#include <iostream>

#include "domain/message/message.hpp"
#include "domain/sms/sms.hpp"

namespace gonghui::message {

namespace {

struct Text {
  int64_t message_id = 0;
  std::string phone;
  std::string kind;
  std::string title;
  std::string body;
};

}  // namespace

Result<int64_t> send_texts(store::Db& db, sms::Sender& sender, int64_t now, int64_t window_ms,
                           int64_t limit) {
  std::vector<Text> claimed;
  GH_TRY(db.write([&](store::Tx& tx) -> Status {
    claimed.clear();
    GH_ASSIGN(std::vector<sms::KindSetting> settings, sms::kind_settings(tx));
    for (const sms::KindSetting& setting : settings) {
      if (!setting.by_sms || setting.fixed) continue;  // the codes are sent where they are made
      const int64_t room = limit - static_cast<int64_t>(claimed.size());
      if (room <= 0) break;
      GH_ASSIGN(store::Rows rows,
                tx.query("SELECT m.id, mb.phone, m.kind, m.title, m.body FROM messages m"
                         " JOIN members mb ON mb.id = m.member_id"
                         " WHERE m.kind = ? AND m.created_at >= ? AND mb.status = 'active'"
                         " AND NOT EXISTS (SELECT 1 FROM message_texts t WHERE t.message_id = m.id)"
                         " ORDER BY m.created_at LIMIT ?",
                         {setting.kind, now - window_ms, room}));
      for (const auto& r : rows) {
        GH_ASSIGN(int64_t taken,
                  tx.exec("INSERT INTO message_texts (message_id, sent_at) VALUES (?, ?)"
                          " ON CONFLICT (message_id) DO NOTHING",
                          {r.integer(0), now}));
        if (taken == 1) {
          claimed.push_back({r.integer(0), std::string(r.text(1)), std::string(r.text(2)),
                             std::string(r.text(3)), std::string(r.text(4))});
        }
      }
    }
    return Status::Ok();
  }));
  int64_t sent = 0;
  for (const Text& text : claimed) {
    Status status =
        sender.send(text.phone, text.kind, {{"title", text.title}}, text.title + "：" + text.body);
    if (status.ok()) {
      ++sent;
    } else {
      std::cerr << "messages: text of message " << text.message_id
                << " not sent: " << status.error().message << std::endl;
    }
  }
  return sent;
}

}  // namespace gonghui::message
