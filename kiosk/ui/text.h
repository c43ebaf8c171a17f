// Text layout for both scripts: wraps between any two CJK characters and at Latin spaces, keeps
// CJK closing punctuation off a line start, and clips with an ellipsis where a box has no room.
#pragma once

#include <imgui.h>

#include <string_view>
#include <vector>

namespace kiosk::ui {

struct TextLine {
    const char* begin;
    const char* end;
    float width;
};

// Width of one line of text at the font's own size.
float text_width(ImFont* font, std::string_view text);
// Lines of text within max_width (pixels). '\n' always breaks. out is cleared first.
void wrap_text(ImFont* font, std::string_view text, float max_width, std::vector<TextLine>& out);

struct TextBox {
    float max_width = 0;
    int max_lines = 0;          // 0 = as many as needed; otherwise the last one ends in "…"
    float line_height = 1.35f;  // × font size (body text uses 1.5)
    bool center = false;        // centre each line horizontally in max_width
};
// Draws wrapped text; returns the height used. Measures only when dl is null.
float draw_text(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 color, std::string_view text,
                const TextBox& box);
// Height that draw_text would use.
inline float text_height(ImFont* font, std::string_view text, const TextBox& box) {
    return draw_text(nullptr, font, ImVec2(0, 0), 0, text, box);
}
// One line, clipped with "…" to max_width. Returns the width drawn.
float draw_line(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 color, std::string_view text,
                float max_width);
// The first character of a text (for monograms), as UTF-8.
std::string_view first_char(std::string_view text);

}  // namespace kiosk::ui
