// The JSON pieces every rendering shares.
#include "api/json_render.hpp"

#include "core/id.hpp"
#include "core/time.hpp"

namespace gonghui::api {

boost::json::value optional_id_json(int64_t id) {
  return id ? boost::json::value(id_string(id)) : boost::json::value(nullptr);
}

boost::json::value optional_time_json(int64_t ms) {
  return ms ? boost::json::value(format_rfc3339(Timestamp{ms})) : boost::json::value(nullptr);
}

boost::json::array ids_json(const std::vector<int64_t>& ids) {
  boost::json::array out;
  for (int64_t id : ids) {
    out.emplace_back(id_string(id));
  }
  return out;
}

}  // namespace gonghui::api
