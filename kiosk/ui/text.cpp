// Text layout: UTF-8 decoding, CJK/Latin line breaking, ellipsis clipping.
#include "kiosk/ui/text.h"

#include <cstdint>
#include <string>

namespace kiosk::ui {
namespace {

// Decodes one UTF-8 character at p (< end); returns its length. Bad bytes count as U+FFFD.
int decode(const char* p, const char* end, char32_t* out) {
    const auto b0 = static_cast<unsigned char>(*p);
    int len = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
    if (len == 0 || p + len > end) {
        *out = 0xFFFD;
        return 1;
    }
    char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (int i = 1; i < len; ++i) {
        const auto b = static_cast<unsigned char>(p[i]);
        if ((b & 0xC0) != 0x80) {
            *out = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (b & 0x3F);
    }
    *out = c;
    return len;
}

bool is_cjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x2FFFF);
}
// May not start a line (closing punctuation, CJK and Latin).
bool no_break_before(char32_t c) {
    static constexpr std::u32string_view kClosing = U"，。、：；！？）》」』】”’…·,.;:!?)]}%";
    return kClosing.find(c) != std::u32string_view::npos;
}
// May not end a line (opening punctuation).
bool no_break_after(char32_t c) {
    static constexpr std::u32string_view kOpening = U"（《「『【“‘([{";
    return kOpening.find(c) != std::u32string_view::npos;
}

float advance(ImFont* font, char32_t c) {
    if (c == '\n' || c == '\r') return 0;
    const auto w = static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD);
    return font->GetCharAdvance(w);
}

constexpr std::string_view kEllipsis = "…";

}  // namespace

float text_width(ImFont* font, std::string_view text) {
    float w = 0;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        char32_t c;
        p += decode(p, end, &c);
        w += advance(font, c);
    }
    return w;
}

void wrap_text(ImFont* font, std::string_view text, float max_width, std::vector<TextLine>& out) {
    out.clear();
    const char* p = text.data();
    const char* end = p + text.size();
    const char* line_start = p;
    float width = 0;
    const char* brk = nullptr;  // last allowed break (the next line starts here)
    float brk_width = 0;        // width of the line up to brk (trailing spaces excluded)
    char32_t prev = 0;
    while (p < end) {
        char32_t c;
        const int len = decode(p, end, &c);
        if (c == '\n') {
            out.push_back({line_start, p, width});
            p += len;
            line_start = p, width = 0, brk = nullptr, prev = 0;
            continue;
        }
        // A break is allowed before c after a space, or next to a CJK character.
        if (p > line_start && !no_break_before(c) && !no_break_after(prev) &&
            (prev == ' ' || is_cjk(c) || is_cjk(prev))) {
            brk = p;
            brk_width = prev == ' ' ? width - advance(font, ' ') : width;
        }
        const float w = advance(font, c);
        if (c != ' ' && width + w > max_width && p > line_start) {
            const char* next = brk != nullptr && brk > line_start ? brk : p;
            const float line_w = brk != nullptr && brk > line_start ? brk_width : width;
            // The space before the break is not part of the line: drawn, it would push a line
            // that just fits past max_width, and draw_line would cut its last word.
            const char* line_end = next;
            while (line_end > line_start && line_end[-1] == ' ') --line_end;
            out.push_back({line_start, line_end, line_w});
            line_start = next;
            while (line_start < end && *line_start == ' ') ++line_start;
            width =
                text_width(font, std::string_view(line_start, static_cast<size_t>(p - line_start)));
            brk = nullptr;
            if (line_start > p) {  // skipped spaces past c
                p = line_start;
                prev = ' ';
                continue;
            }
        }
        width += w;
        prev = c;
        p += len;
    }
    if (p > line_start || out.empty()) {
        // Trailing spaces do not count.
        const char* e = p;
        while (e > line_start && e[-1] == ' ') --e;
        out.push_back(
            {line_start, e,
             text_width(font, std::string_view(line_start, static_cast<size_t>(e - line_start)))});
    }
}

float draw_line(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 color, std::string_view text,
                float max_width) {
    const float full = text_width(font, text);
    if (full <= max_width) {
        if (dl != nullptr)
            dl->AddText(font, font->FontSize, pos, color, text.data(), text.data() + text.size());
        return full;
    }
    const float ell = text_width(font, kEllipsis);
    const char* p = text.data();
    const char* end = p + text.size();
    float w = 0;
    while (p < end) {
        char32_t c;
        const int len = decode(p, end, &c);
        const float a = advance(font, c);
        if (w + a + ell > max_width) break;
        w += a;
        p += len;
    }
    const char* cut = p;
    while (cut > text.data() && cut[-1] == ' ') --cut;
    if (dl != nullptr) {
        dl->AddText(font, font->FontSize, pos, color, text.data(), cut);
        dl->AddText(font, font->FontSize, ImVec2(pos.x + w, pos.y), color, kEllipsis.data(),
                    kEllipsis.data() + kEllipsis.size());
    }
    return w + ell;
}

float draw_text(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 color, std::string_view text,
                const TextBox& box) {
    thread_local std::vector<TextLine> lines;
    wrap_text(font, text, box.max_width, lines);
    const float lh = font->FontSize * box.line_height;
    size_t count = lines.size();
    if (box.max_lines > 0 && count > static_cast<size_t>(box.max_lines))
        count = static_cast<size_t>(box.max_lines);
    if (dl != nullptr) {
        // Line height above 1 adds half the leading above the glyphs so boxes stay balanced.
        const float lead = (lh - font->FontSize) * 0.5f;
        for (size_t i = 0; i < count; ++i) {
            const TextLine& line = lines[i];
            const bool last_clipped = i + 1 == count && count < lines.size();
            std::string_view part(line.begin, static_cast<size_t>(line.end - line.begin));
            float x = pos.x;
            if (box.center) x += (box.max_width - std::min(line.width, box.max_width)) * 0.5f;
            const ImVec2 at(x, pos.y + lead + lh * static_cast<float>(i));
            if (last_clipped) {
                // Force the ellipsis: the rest of the text did not fit.
                std::string with_rest(part);
                with_rest += " ";
                with_rest += std::string(lines[i + 1].begin, lines[i + 1].end);
                draw_line(dl, font, at, color, with_rest, box.max_width);
            } else {
                draw_line(dl, font, at, color, part, box.max_width);
            }
        }
    }
    return lh * static_cast<float>(count);
}

std::string_view first_char(std::string_view text) {
    if (text.empty()) return text;
    char32_t c;
    const int len = decode(text.data(), text.data() + text.size(), &c);
    return text.substr(0, static_cast<size_t>(len));
}

}  // namespace kiosk::ui
