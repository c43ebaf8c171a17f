// Texts of the staff screens and the USB import overlay. Staff see both languages at once, so each
// label is a zh + en pair; staff_ui_strings() feeds their glyphs to the font atlas.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/content_model.h"

namespace kiosk::ui {

enum class StaffStr {
    PinTitle,
    PinPrompt,
    PinTooShort,
    PinLocked,
    KeyDelete,
    KeyOk,
    KeyCancel,
    NoPinSet,
    NotAvailable,
    PanelTitle,
    PanelHint,
    AppVersion,
    PackVersion,
    PackSigner,
    LastImport,
    Uptime,
    FrameRate,
    Drawing,
    DrawingSoftware,
    DrawingGpu,
    Memory,
    FreeDisk,
    ScreenSize,
    TouchGeometry,
    BuiltIn,
    Unsigned,
    MinTarget,
    Rollback,
    Export,
    TouchTest,
    Restart,
    PowerOff,
    Close,
    RollbackAsk,
    RestartAsk,
    PowerOffAsk,
    RollbackYes,
    RestartYes,
    PowerOffYes,
    Cancel,
    Restarting,
    PoweringOff,
    TouchTestHint,
    LastTouch,
    ImportClosesIn,  // "%d"
    ImportNoTitle,
    WorkbookFound,
    WorkbookFoundDetail,
    WorkbookEnterPin,
    WorkbookBuilding,
    WorkbookBuildingHint,
    WorkbookReady,
    WorkbookProblems,
    WorkbookSame,
    WorkbookChanges,
    WorkbookPreview,
    WorkbookAccept,
    WorkbookDiscard,
    PreviewBanner,
    PreviewBannerHint,
    WorkbookInstalling,
    WorkbookAccepted,
    WorkbookDiscarded,
    WorkbookIdleDiscarded,
    WorkbookInstallFailed,
    WorkbookReportHint,
    Statistics,
    StatisticsHint,
    StatsBack,
    StatsExport,
    StatsReading,
    StatsEmpty,
    StatsOff,
    StatsVisits,
    StatsAverage,
    StatsSearches,
    StatsNotFound,
    StatsPerDay,
    StatsHeat,
    StatsTop,
    StatsLanguages,
    StatsLengths,
    StatsWeekdays,  // zh: 一二三四五六日; en: MTWTFSS (one character a day)
    StatsRemoved,
    Publish,
    PublishVersion,  // "%s": the version
    PublishBuiltIn,
    PublishAsk,
    PublishYes,
    LangZh,
    LangEn,
    Count_  // keep last
};

const Bilingual& staff_text(StaffStr id);
// "中文 English" on one line (button labels, titles).
std::string staff_both(StaffStr id);
// Every staff text plus the PIN messages and the fixed ASCII the panel draws (glyph collection).
std::vector<std::string> staff_ui_strings();

}  // namespace kiosk::ui
