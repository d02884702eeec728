// The JSON pieces every rendering shares: optional ids and times, id lists and list pages.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <vector>

namespace gonghui::api {

// An id as its decimal string; 0 (no id) is null.
boost::json::value optional_id_json(int64_t id);
// A time in UTC milliseconds as RFC 3339; 0 (never) is null.
boost::json::value optional_time_json(int64_t ms);
// Ids as a list of decimal strings.
boost::json::array ids_json(const std::vector<int64_t>& ids);

// Each item rendered by `render`, in order.
template <class T, class Render>
boost::json::array render_items(const std::vector<T>& items, const Render& render) {
  boost::json::array out;
  for (const T& item : items) {
    out.push_back(render(item));
  }
  return out;
}

// One page of a list: `{"items": [...], "next_cursor": id}`, with a null cursor (0) on the
// last page.
template <class T, class Render>
boost::json::object render_page(const std::vector<T>& items, int64_t next_cursor,
                                const Render& render) {
  return {{"items", render_items(items, render)}, {"next_cursor", optional_id_json(next_cursor)}};
}

}  // namespace gonghui::api
