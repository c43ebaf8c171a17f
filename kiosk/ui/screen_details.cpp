// Detail screens: member (logo, kind, focus areas, description, related strips), project (its
// parties, enterprise ↔ academia) and person (role, affiliation link, biography).
// Sections: shared header · member · project · person
#include <algorithm>

#include "kiosk/engine/icons.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/strings.h"

namespace kiosk::ui {
namespace {

void not_found(Screen& sc, const Rect& r) {
    TextBox box;
    box.max_width = r.w - 2 * sc.m().margin;
    box.center = true;
    draw_text(sc.ui.dl, sc.ui.body(), ImVec2(r.x + sc.m().margin, r.y + sc.m().margin * 2),
              rgb(palette::kText2), tr(sc.lang(), Str::NothingHere), box);
}

// Title (h1, wrapped) and a row of tags; returns the y below.
float title_block(Screen& sc, float x, float y, float w, const std::string& title,
                  const std::vector<std::pair<std::string, uint32_t>>& tags, bool sample) {
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    TextBox box;
    box.max_width = w;
    box.max_lines = 3;
    box.line_height = 1.25f;
    y += draw_text(ui.dl, ui.h1(), ImVec2(x, y), rgb(palette::kText), title, box) + 12 * m.s;
    float tx = x;
    for (const auto& [label, color] : tags) {
        const float tw = tag_width(ui, label);
        if (tx + tw > x + w && tx > x) {
            tx = x;
            y += tag_height(ui) + m.tag_gap;
        }
        tx += tag(ui, ImVec2(tx, y), label, color) + m.tag_gap;
    }
    if (sample) {
        if (tx + sample_badge_width(ui) > x + w && tx > x) {
            tx = x;
            y += tag_height(ui) + m.tag_gap;
        }
        sample_badge(ui, ImVec2(tx, y));
    }
    return y + tag_height(ui) + m.gutter;
}

}  // namespace

// --- member ---
void draw_member(Screen& sc, const Rect& r) {
    const MemberDetail* d = sc.c.member(sc.route.id);
    if (d == nullptr) return not_found(sc, r);
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    Page page = begin_page(sc, "page", r);
    float y = page.top + m.gutter * 1.5f;
    const float logo = (m.portrait ? 180 : 200) * m.s;
    member_logo(sc, {page.x, y, logo, logo}, d->card);
    std::vector<std::pair<std::string, uint32_t>> tags;
    tags.emplace_back(kind_label(lang, d->card.kind), palette::kText2);
    for (const std::string& fid : d->card.focus_ids)
        if (const FocusArea* f = sc.c.focus(fid))
            tags.emplace_back(f->name.pick(lang), f->color_rgb);
    const float tx = page.x + logo + m.gutter * 1.5f;
    float ty = title_block(sc, tx, y, page.w - logo - m.gutter * 1.5f, d->card.name.pick(lang),
                           tags, d->card.is_sample);
    TextBox box;
    box.max_width = text_column(sc, page.w - logo - m.gutter * 1.5f);
    box.line_height = 1.45f;
    ty += draw_text(ui.dl, ui.body(), ImVec2(tx, ty), rgb(palette::kText2),
                    d->card.short_text.pick(lang), box);
    y = std::max(y + logo, ty) + m.margin;
    const std::string& long_text = d->long_text.pick(lang);
    if (!long_text.empty())
        y += body_text(sc, ImVec2(page.x, y), long_text, text_column(sc, page.w)) + m.margin;

    if (!d->projects.empty()) {
        y += section_title(ui, ImVec2(page.x, y), tr(lang, Str::RelatedProjects), page.w) + m.gap;
        // As tall as the tallest card: English titles often take two lines.
        const float cw = std::min(560 * m.s, page.w * 0.85f);
        float h = 0;
        for (const Project& p : d->projects) h = std::max(h, project_card_height(sc, p, cw, false));
        strip(sc, "projects", {page.x, y, page.w, h}, static_cast<int>(d->projects.size()), cw,
              [&](int i, const Rect& cr) {
                  project_card(sc, cr, d->projects[static_cast<size_t>(i)], false);
              });
        y += h + m.margin;
    }
    if (!d->highlights.empty()) {
        y += section_title(ui, ImVec2(page.x, y), tr(lang, Str::RelatedHighlights), page.w) + m.gap;
        const float cw = std::min(440 * m.s, page.w * 0.8f);
        const float h = highlight_card_height(sc, cw, d->highlights);
        strip(sc, "highlights", {page.x, y, page.w, h}, static_cast<int>(d->highlights.size()), cw,
              [&](int i, const Rect& cr) {
                  highlight_card(sc, cr, d->highlights[static_cast<size_t>(i)]);
              });
        y += h + m.margin;
    }
    if (!d->people.empty()) {
        y += section_title(ui, ImVec2(page.x, y), tr(lang, Str::RelatedPeople), page.w) + m.gap;
        const float h = std::max(170 * m.s, m.target * 2);
        strip(sc, "people", {page.x, y, page.w, h}, static_cast<int>(d->people.size()),
              std::min(540 * m.s, page.w * 0.85f), [&](int i, const Rect& cr) {
                  person_card(sc, cr, d->people[static_cast<size_t>(i)]);
              });
        y += h + m.margin;
    }
    end_page(sc, page, y);
}

// --- project ---
void draw_project(Screen& sc, const Rect& r) {
    const Project* p = sc.c.project(sc.route.id);
    if (p == nullptr) return not_found(sc, r);
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    Page page = begin_page(sc, "page", r);
    float y = page.top + m.gutter * 1.5f;
    std::vector<std::pair<std::string, uint32_t>> tags;
    tags.emplace_back(sc.c.batch_name(p->batch, lang), palette::kAmber);
    if (const FocusArea* f = sc.c.focus(p->focus_id))
        tags.emplace_back(f->name.pick(lang), f->color_rgb);
    y = title_block(sc, page.x, y, page.w, p->title.pick(lang), tags, p->is_sample);
    y +=
        body_text(sc, ImVec2(page.x, y), p->summary.pick(lang), text_column(sc, page.w)) + m.margin;
    y += section_title(ui, ImVec2(page.x, y), tr(lang, Str::Parties), page.w) + m.gap;
    // Two columns (landscape) or two blocks (portrait): enterprise side, then academic side.
    const float colw = m.portrait ? page.w : (page.w - m.margin * 2) / 2;
    const float card_h = std::max(150 * m.s, m.target * 2);
    float bottom = y;
    for (int side = 0; side < 2; ++side) {
        const bool enterprise = side == 0;
        const float cx =
            m.portrait ? page.x : page.x + static_cast<float>(side) * (colw + m.margin * 2);
        float cy = m.portrait ? bottom : y;
        draw_line(ui.dl, ui.body(), ImVec2(cx, cy),
                  rgb(enterprise ? palette::kAmber : palette::kAccent),
                  tr(lang, enterprise ? Str::EnterpriseSide : Str::AcademicSide), colw);
        cy += ui.body()->FontSize * 1.6f;
        for (const ProjectParty& party : p->parties) {
            if (party.is_enterprise != enterprise) continue;
            member_card(sc, {cx, cy, colw, card_h}, party.member, "party." + party.member.id);
            cy += card_h + m.gutter;
        }
        bottom = std::max(bottom, cy);
    }
    if (!m.portrait) {
        ImFont* f = ui.h1();  // icons are merged into body, h2 and h1 only
        const float aw = text_width(f, icons::kCompare);
        ui.dl->AddText(f, f->FontSize,
                       ImVec2(page.x + colw + m.margin - aw * 0.5f,
                              y + ui.body()->FontSize * 1.6f + (card_h - f->FontSize) * 0.5f),
                       rgb(palette::kText2), icons::kCompare);
    }
    end_page(sc, page, bottom + m.margin);
}

// --- person ---
void draw_person(Screen& sc, const Rect& r) {
    const Person* p = sc.c.person(sc.route.id);
    if (p == nullptr) return not_found(sc, r);
    Ui& ui = sc.ui;
    const Metrics& m = sc.m();
    const Lang lang = sc.lang();
    Page page = begin_page(sc, "page", r);
    float y = page.top + m.gutter * 1.5f;
    const float ph = 200 * m.s;
    const Rect photo{page.x, y, ph, ph};
    if (!p->photo.empty())
        image(ui, p->photo, photo, false, ph * 0.5f);
    else
        monogram(ui, photo, p->name.pick(lang),
                 p->is_academician ? palette::kAmber : palette::kAccent, ph * 0.5f);
    std::vector<std::pair<std::string, uint32_t>> tags;
    if (p->is_academician) tags.emplace_back(tr(lang, Str::Academicians), palette::kAmber);
    if (p->is_speaker) tags.emplace_back(tr(lang, Str::Speakers), palette::kAccent);
    const float tx = page.x + ph + m.gutter * 1.5f, tw = page.w - ph - m.gutter * 1.5f;
    float ty = title_block(sc, tx, y, tw, p->name.pick(lang), tags, p->is_sample);
    TextBox box;
    box.max_width = tw;
    box.line_height = 1.4f;
    ty += draw_text(ui.dl, ui.h2(), ImVec2(tx, ty), rgb(palette::kAmber), p->role.pick(lang), box) +
          m.gap;
    // Affiliation: a link to the member page when it is a member.
    const std::string aff = p->affiliation.pick(lang);
    if (!p->member_id.empty()) {
        const std::string label = std::string(tr(lang, Str::ViewMember)) + " · " + aff;
        const float bw = std::min(button_width(ui, icons::kChevronRight, label), tw);
        if (button(ui, "link.member." + p->member_id, {tx, ty, bw, m.target}, icons::kChevronRight,
                   label))
            sc.go_to = route_to(ScreenId::Member, p->member_id);
        ty += m.target + m.gap;
    } else {
        ty += draw_text(ui.dl, ui.body(), ImVec2(tx, ty), rgb(palette::kText2),
                        std::string(tr(lang, Str::Affiliation)) + "：" + aff, box) +
              m.gap;
    }
    y = std::max(y + ph, ty) + m.margin;
    y += body_text(sc, ImVec2(page.x, y), p->bio.pick(lang), text_column(sc, page.w));
    end_page(sc, page, y + m.margin);
}

}  // namespace kiosk::ui
