// Helpers shared by the screens: scrolling pages and strips, chip rows, and the member,
// highlight, project and person cards. Sections: pages and strips · cards
#include <algorithm>
#include <cmath>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {

std::string Screen::scroll_id(const std::string& name) const {
    return route.screen + "/" + route.id + "/" + name;
}
Scroller& Screen::scroller(const std::string& name) {
    return s.scrollers[scroll_id(name)];
}

// --- pages and strips ---
Page begin_page(Screen& sc, const std::string& name, const Rect& view) {
    Page p;
    p.view = view;
    p.id = sc.scroll_id(name);
    p.sc = &sc.scroller(name);
    const float off = scroll(sc.ui, *p.sc, p.id, view, p.sc->content, false);
    p.top = view.y - off;
    p.x = view.x + sc.m().margin;
    p.w = view.w - 2 * sc.m().margin;
    sc.ui.push_clip(view);
    return p;
}

void end_page(Screen& sc, Page& page, float bottom_y) {
    page.sc->content = bottom_y - page.top + sc.m().margin;
    sc.ui.pop_clip();
    scroll_indicator(sc.ui, *page.sc, page.view, page.sc->content, false);
}

float strip(Screen& sc, const std::string& name, const Rect& r, int count, float card_w,
            const std::function<void(int, const Rect&)>& draw) {
    const float g = sc.m().gutter;
    const float content = static_cast<float>(count) * (card_w + g) - g;
    Scroller& s = sc.scroller(name);
    const float off = scroll(sc.ui, s, sc.scroll_id(name), r, content, true);
    sc.ui.push_clip(r);
    for (int i = 0; i < count; ++i) {
        const float x = r.x - off + static_cast<float>(i) * (card_w + g);
        if (x + card_w < r.x || x > r.x + r.w) continue;
        draw(i, {x, r.y, card_w, r.h});
    }
    sc.ui.pop_clip();
    scroll_indicator(sc.ui, s, r, content, true);
    return r.h;
}

int chip_row(Screen& sc, const std::string& name, const Rect& r,
             const std::vector<ChipSpec>& chips) {
    const float g = sc.m().gap;
    float content = 0;
    for (const ChipSpec& c : chips) content += chip_width(sc.ui, c.label, c.dot != 0) + g;
    Scroller& s = sc.scroller(name);
    const float off = scroll(sc.ui, s, sc.scroll_id(name), r, content - g, true);
    sc.ui.push_clip(r);
    int tapped = -1;
    float x = r.x - off;
    for (size_t i = 0; i < chips.size(); ++i) {
        const float w = chip_width(sc.ui, chips[i].label, chips[i].dot != 0);
        if (chip(sc.ui, chips[i].id, {x, r.y, w, r.h}, chips[i].label, chips[i].selected,
                 chips[i].dot))
            tapped = static_cast<int>(i);
        x += w + g;
    }
    sc.ui.pop_clip();
    return tapped;
}

float text_column(const Screen& sc, float available) {
    return std::min(available, 1000 * sc.m().s);
}

float body_text(Screen& sc, ImVec2 pos, const std::string& text, float w) {
    TextBox box;
    box.max_width = w;
    box.line_height = 1.5f;
    return draw_text(sc.ui.dl, sc.ui.body(), pos, rgb(palette::kText), text, box);
}

// --- cards ---
void member_logo(Screen& sc, const Rect& r, const MemberCard& card) {
    const float round = r.h * 0.18f;
    if (!card.logo.empty()) {
        fill_rounded(sc.ui.dl, sc.ui.corners(), r.min(), r.max(), rgb(0xFFFFFF),
                     round);  // logos are drawn on white
        // Square corners: the 8 % inset keeps them inside the tile's rounded corners, and a
        // rounded image costs a grid of cards ~100 triangles each in every frame.
        image(sc.ui, card.logo, r.inset(r.w * 0.08f, r.h * 0.08f), true, 0);
        return;
    }
    const uint32_t color =
        card.focus_ids.empty() ? palette::kAccent : sc.c.focus_color(card.focus_ids.front());
    monogram(sc.ui, r, card.name.pick(sc.lang()), color, round);
}

void member_card(Screen& sc, const Rect& r, const MemberCard& card, const std::string& id) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const std::string& name = card.name.pick(sc.lang());
    if (target(ui, id, "card", name, r)) sc.go_to = route_to(ScreenId::Member, card.id);
    const uint32_t edge = card.focus_ids.empty() ? 0 : sc.c.focus_color(card.focus_ids.front());
    const bool pressed = is_pressed(ui, id);
    const Rect rr = ui::card(ui, r, pressed, edge);
    const float pad = std::min(m.pad, rr.h * 0.1f);
    const float logo =
        std::min({rr.h - 2 * pad - tag_height(ui) - m.gap * 0.5f, 112 * m.s, rr.w * 0.3f});
    // Content starts clear of the focus-colour edge.
    const float left = rr.x + pad + m.card_edge;
    member_logo(sc, {left, rr.y + pad, logo, logo}, card);
    const float tx = left + logo + 16 * m.s;
    const float tw = rr.x + rr.w - pad - tx;
    TextBox box;
    box.max_width = tw;
    box.max_lines = 2;
    box.line_height = 1.3f;
    float y = rr.y + pad;
    y += draw_text(ui.dl, ui.body(), ImVec2(tx, y), rgb(palette::kText), name, box);
    draw_line(ui.dl, ui.caption(), ImVec2(tx, y + 4 * m.s), rgb(palette::kText2),
              kind_label(sc.lang(), card.kind), tw);
    // Bottom row: focus areas (as many as fit) and the sample badge.
    const float by = rr.y + rr.h - pad - tag_height(ui);
    float right = rr.x + rr.w - pad;
    if (card.is_sample) {
        right -= sample_badge_width(ui);
        sample_badge(ui, ImVec2(right, by), card_fill(pressed));
        right -= m.tag_gap;
    }
    float x = left;
    for (const std::string& fid : card.focus_ids) {
        const FocusArea* f = sc.c.focus(fid);
        if (f == nullptr) continue;
        const std::string& label = f->name.pick(sc.lang());
        const float w = tag_width(ui, label);
        if (x + w > right) break;
        x += tag(ui, ImVec2(x, by), label, f->color_rgb) + m.tag_gap;
    }
}

namespace {
// The text under a highlight card's cover: padding, the focus tag, title and summary lines.
// highlight_text_height (the card's height) and highlight_card (its drawing) both read it.
struct HighlightText {
    static constexpr float kTitleLine = 1.3f, kSummaryLine = 1.4f;  // line heights, in font sizes
    float pad_y = 0;         // above the tag and below the last line
    float after_tag = 0;     // tag → title
    float after_title = 0;   // title → summary
    float title_line = 0;    // px
    float summary_line = 0;  // px
};
HighlightText highlight_text(const Screen& sc) {
    const Metrics& m = sc.m();
    return {m.pad * 0.6f, 10 * m.s, 6 * m.s, sc.ui.body()->FontSize * HighlightText::kTitleLine,
            sc.ui.caption()->FontSize * HighlightText::kSummaryLine};
}

float highlight_text_height(const Screen& sc, int title_lines, int summary_lines) {
    const HighlightText t = highlight_text(sc);
    return 2 * t.pad_y + tag_height(sc.ui) + t.after_tag + t.after_title +
           static_cast<float>(title_lines) * t.title_line +
           static_cast<float>(summary_lines) * t.summary_line;
}

// Title and summary lines (one or two each) the longest of `cards` needs at width w. Remembered
// for the last list asked about: a grid asks every frame, and a pack may hold thousands.
struct TextLines {
    int title = 1, summary = 1;
};
TextLines highlight_lines(const Screen& sc, float w, const std::vector<HighlightCard>& cards) {
    struct Memo {
        const HighlightCard* data = nullptr;
        size_t size = 0;
        std::string first_id;
        Lang lang = Lang::Zh;
        float w = 0;
        const ImFont* font = nullptr;
        TextLines lines;
    };
    static Memo memo;
    const Ui& ui = sc.ui;
    const Lang lang = sc.lang();
    const std::string first_id = cards.empty() ? "" : cards.front().id;
    if (memo.data == cards.data() && memo.size == cards.size() && memo.first_id == first_id &&
        memo.lang == lang && memo.w == w && memo.font == ui.body())
        return memo.lines;
    const float text_w = w * 0.97f - 2 * sc.m().pad;  // as narrow as a pressed card
    TextLines lines;
    for (const HighlightCard& c : cards) {
        if (text_width(ui.body(), c.title.pick(lang)) > text_w) lines.title = 2;
        if (text_width(ui.caption(), c.summary.pick(lang)) > text_w) lines.summary = 2;
        if (lines.title == 2 && lines.summary == 2) break;  // the most a card shows
    }
    memo = {cards.data(), cards.size(), first_id, lang, w, ui.body(), lines};
    return lines;
}
}  // namespace

float highlight_card_height(const Screen& sc, float w, const std::vector<HighlightCard>& cards) {
    const TextLines lines = highlight_lines(sc, w, cards);
    return std::round(w * 9.f / 16.f + highlight_text_height(sc, lines.title, lines.summary));
}

float key_numbers_row(Screen& sc, ImDrawList* dl, ImVec2 pos, float w, size_t max_count) {
    const Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const std::vector<KeyNumber>& numbers = sc.c.alliance().numbers;
    constexpr size_t kMaxColumns = 8;
    const size_t n = std::min({numbers.size(), max_count, kMaxColumns});
    if (n == 0) return 0;
    // Equal columns when every label fits its column on one line. Otherwise columns as wide as
    // their own value or label, when that fits (so no label breaks before its last character, as
    // a narrow equal column did to 企业、协会和金融机构); else equal columns, labels on two lines.
    const float gap = 16 * m.s;
    float widths[kMaxColumns] = {}, natural = 0, widest = 0;
    for (size_t i = 0; i < n; ++i) {
        const KeyNumber& k = numbers[i];
        widths[i] = std::max(text_width(ui.display(), k.value),
                             text_width(ui.caption(), k.label.pick(sc.lang()))) +
                    gap;
        natural += widths[i];
        widest = std::max(widest, widths[i]);
    }
    const bool fitted = natural <= w && widest > w / static_cast<float>(n);
    for (size_t i = 0; i < n; ++i)
        widths[i] =
            fitted ? widths[i] + (w - natural) / static_cast<float>(n) : w / static_cast<float>(n);
    const float label_y = pos.y + ui.display()->FontSize * 1.1f;
    float label_h = 0, x = pos.x;
    for (size_t i = 0; i < n; x += widths[i], ++i) {
        const KeyNumber& k = numbers[i];
        const float cw = widths[i];
        TextBox lb;
        lb.max_width = cw - gap;
        lb.max_lines = 2;
        lb.line_height = 1.3f;
        if (dl != nullptr)
            draw_line(dl, ui.display(), ImVec2(x, pos.y), rgb(palette::kAmber), k.value,
                      cw - 12 * m.s);
        label_h = std::max(label_h, draw_text(dl, ui.caption(), ImVec2(x, label_y),
                                              rgb(palette::kText2), k.label.pick(sc.lang()), lb));
    }
    return label_y - pos.y + label_h;
}

void highlight_card(Screen& sc, const Rect& r, const HighlightCard& card) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const std::string id = "highlight." + card.id;
    const std::string& title = card.title.pick(sc.lang());
    if (target(ui, id, "card", title, r)) sc.go_to = route_to(ScreenId::Highlight, card.id);
    const FocusArea* f = sc.c.focus(card.focus_id);
    const Rect rr = ui::card(ui, r, is_pressed(ui, id), 0);
    // 16:9 when the card has room for at least one title and one summary line under it.
    const float img_h =
        std::max(rr.h * 0.4f, std::min(rr.w * 9.f / 16.f, rr.h - highlight_text_height(sc, 1, 1)));
    image(ui, card.cover, {rr.x, rr.y, rr.w, img_h}, true, m.radius, ImDrawFlags_RoundCornersTop);
    if (card.is_sample) {
        const ImVec2 at(rr.x + m.pad * 0.5f, rr.y + m.pad * 0.5f);
        // On the cover: its own dark ground, so it reads on any picture.
        sample_badge(ui, at, palette::kBackground);
    }
    const HighlightText t = highlight_text(sc);
    float y = rr.y + img_h + t.pad_y;
    const float x = rr.x + m.pad, w = rr.w - 2 * m.pad;
    if (f != nullptr) {
        tag(ui, ImVec2(x, y), f->name.pick(sc.lang()), f->color_rgb);
        y += tag_height(ui) + t.after_tag;
    }
    TextBox box;
    box.max_width = w;
    box.line_height = HighlightText::kTitleLine;
    const float room = rr.y + rr.h - t.pad_y - y;
    if (room + 1 < t.title_line) return;
    box.max_lines = std::min(2, static_cast<int>((room + 1) / t.title_line));
    y += draw_text(ui.dl, ui.body(), ImVec2(x, y), rgb(palette::kText), title, box) + t.after_title;
    const float rest = rr.y + rr.h - t.pad_y - y;
    // + 1 px: the card's height is whole pixels, so its last line may be a fraction short.
    box.max_lines = std::min(3, static_cast<int>((rest + 1) / t.summary_line));
    box.line_height = HighlightText::kSummaryLine;
    if (box.max_lines > 0)
        draw_text(ui.dl, ui.caption(), ImVec2(x, y), rgb(palette::kText2),
                  card.summary.pick(sc.lang()), box);
}

// Lays out (and, when draw, draws) a project card; returns its height.
static float project_layout(Screen& sc, const Rect& r, const Project& p, bool with_parties,
                            bool draw) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const float x = r.x + m.pad + m.card_edge, w = r.w - 2 * m.pad - m.card_edge;
    float y = r.y + m.pad;
    // Tags: batch, focus area, sample.
    if (draw) {
        const std::string batch = sc.c.batch_name(p.batch, sc.lang());
        float tx = x + tag(ui, ImVec2(x, y), batch, palette::kAmber) + m.tag_gap;
        if (const FocusArea* f = sc.c.focus(p.focus_id))
            tx += tag(ui, ImVec2(tx, y), f->name.pick(sc.lang()), f->color_rgb) + m.tag_gap;
        if (p.is_sample) sample_badge(ui, ImVec2(tx, y));
    }
    y += tag_height(ui) + 12 * m.s;
    TextBox box;
    box.max_width = w;
    box.max_lines = 2;
    box.line_height = 1.3f;
    y += draw_text(draw ? ui.dl : nullptr, ui.h2(), ImVec2(x, y), rgb(palette::kText),
                   p.title.pick(sc.lang()), box) +
         8 * m.s;
    box.line_height = 1.45f;
    y += draw_text(draw ? ui.dl : nullptr, ui.caption(), ImVec2(x, y), rgb(palette::kText2),
                   p.summary.pick(sc.lang()), box);
    if (!with_parties || p.parties.empty()) return y - r.y + m.pad;
    y += m.gap;
    // Parties: enterprise side ↔ academic side, each a chip to its member page.
    float cx = x;
    const float ch = m.target;
    auto place = [&](const ProjectParty& party) {
        const std::string& label = party.member.name.pick(sc.lang());
        const float cw = std::min(chip_width(ui, label, true), w);
        if (cx + cw > x + w && cx > x) {
            cx = x;
            y += ch + m.gap;
        }
        if (draw) {
            const uint32_t dot = party.is_enterprise ? palette::kAmber : palette::kAccent;
            if (chip(ui, "party." + party.member.id, {cx, y, cw, ch}, label, false, dot))
                sc.go_to = route_to(ScreenId::Member, party.member.id);
        }
        cx += cw + m.gap;
    };
    for (const ProjectParty& party : p.parties)
        if (party.is_enterprise) place(party);
    const float aw = text_width(ui.h2(), icons::kCompare) + m.gap;
    if (cx + aw > x + w) {
        cx = x;
        y += ch + m.gap;
    }
    if (draw)
        ui.dl->AddText(ui.h2(), ui.h2()->FontSize, ImVec2(cx, y + (ch - ui.h2()->FontSize) * 0.5f),
                       rgb(palette::kText2), icons::kCompare);
    cx += aw;
    for (const ProjectParty& party : p.parties)
        if (!party.is_enterprise) place(party);
    y += ch;
    return y - r.y + m.pad;
}

float project_card_height(Screen& sc, const Project& project, float w, bool with_parties) {
    return project_layout(sc, {0, 0, w, 0}, project, with_parties, false);
}

void project_card(Screen& sc, const Rect& r, const Project& project, bool with_parties) {
    const std::string id = "project." + project.id;
    if (target(sc.ui, id, "card", project.title.pick(sc.lang()), r))
        sc.go_to = route_to(ScreenId::Project, project.id);
    const Rect rr = card(sc.ui, r, is_pressed(sc.ui, id), sc.c.focus_color(project.focus_id));
    const float needed = project_layout(sc, rr, project, with_parties, true);
    if (needed > rr.h + 0.5f && sc.ui.services->report_overflow)
        sc.ui.services->report_overflow(id);
}

void person_card(Screen& sc, const Rect& r, const Person& person) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const std::string id = "person." + person.id;
    const std::string& name = person.name.pick(sc.lang());
    if (target(ui, id, "card", name, r)) sc.go_to = route_to(ScreenId::Person, person.id);
    const bool pressed = is_pressed(ui, id);
    const Rect rr = ui::card(ui, r, pressed, 0);
    const float pad = std::min(m.pad, rr.h * 0.12f);
    const float ph = std::min(rr.h - 2 * pad, 112 * m.s);
    const Rect photo{rr.x + pad, rr.y + pad, ph, ph};
    if (!person.photo.empty())
        image(ui, person.photo, photo, true, ph * 0.5f);
    else
        monogram(ui, photo, name, person.is_academician ? palette::kAmber : palette::kAccent,
                 ph * 0.5f);
    const float tx = photo.x + ph + 16 * m.s, tw = rr.x + rr.w - pad - tx;
    float y = rr.y + pad;
    draw_line(ui.dl, ui.h2(), ImVec2(tx, y), rgb(palette::kText), name, tw);
    y += ui.h2()->FontSize * 1.3f;
    TextBox box;
    box.max_width = tw;
    box.max_lines = 2;
    box.line_height = 1.35f;
    y += draw_text(ui.dl, ui.caption(), ImVec2(tx, y), rgb(palette::kAmber),
                   person.role.pick(sc.lang()), box);
    box.max_lines =
        std::max(1, static_cast<int>((rr.y + rr.h - pad - y) / (ui.caption()->FontSize * 1.35f)));
    box.max_lines = std::min(box.max_lines, 2);
    draw_text(ui.dl, ui.caption(), ImVec2(tx, y), rgb(palette::kText2),
              person.affiliation.pick(sc.lang()), box);
    if (person.is_sample)
        sample_badge(
            ui,
            ImVec2(rr.x + rr.w - pad - sample_badge_width(ui), rr.y + rr.h - pad - tag_height(ui)),
            card_fill(pressed));
}

}  // namespace kiosk::ui
