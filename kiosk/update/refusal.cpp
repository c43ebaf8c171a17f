// The "what to do next" line for each refusal code, in both languages.
#include "kiosk/update/refusal.h"

namespace kiosk::update {
namespace {

struct Todo {
    const char* en;
    const char* zh;
};

Todo todo_for(RefusalCode code) {
    switch (code) {
        case RefusalCode::NotAFile:
        case RefusalCode::Empty:
        case RefusalCode::ReadFailed:
            return {"Copy the pack file onto the stick again and plug it in again.",
                    "请重新把内容包文件复制到U盘，再重新插入。"};
        case RefusalCode::TooBig:
            return {"Build a smaller pack (fewer or smaller images).",
                    "请制作更小的内容包（减少或缩小图片）。"};
        case RefusalCode::NoRoom:
            return {"Ask the technician to free disk space on the kiosk.",
                    "请联系技术人员清理展示机的磁盘空间。"};
        case RefusalCode::WriteFailed:
            return {"Try again; if it happens again, call the technician.",
                    "请重试；如仍失败，请联系技术人员。"};
        case RefusalCode::Cancelled:
            return {"Plug the stick in again to start over.", "请重新插入U盘以重新开始。"};
        case RefusalCode::NoSignature:
        case RefusalCode::BadSignatureFile:
            return {"Sign the pack (kiosk-pack sign or minisign -S) and copy both files.",
                    "请为内容包签名（kiosk-pack sign 或 minisign -S），并复制两个文件。"};
        case RefusalCode::NoTrustedKeys:
            return {"Ask the technician to install the alliance's public key on the kiosk.",
                    "请联系技术人员在展示机上安装联盟的公钥。"};
        case RefusalCode::UnknownKey:
            return {"Sign the pack with the alliance's own key.",
                    "请用联盟自己的密钥为内容包签名。"};
        case RefusalCode::BadSignature:
            return {"Build and sign the pack again, then copy it again.",
                    "请重新制作并签名内容包，然后重新复制。"};
        case RefusalCode::NotNewer:
            return {
                "Build the pack with a higher version number, or force it from the staff panel.",
                "请用更高的版本号制作内容包，或在管理面板中强制导入。"};
        case RefusalCode::NotSqlite:
        case RefusalCode::Corrupt:
        case RefusalCode::WrongSchema:
            return {"Build the pack again with kiosk-pack build from this kiosk's version.",
                    "请用与本机版本一致的 kiosk-pack build 重新制作内容包。"};
        case RefusalCode::BadContent:
        case RefusalCode::BadImage:
            return {"Fix the content named above, then build and sign the pack again.",
                    "请修改上面指出的内容，然后重新制作并签名内容包。"};
        case RefusalCode::NothingToRollBack:
        case RefusalCode::NotInstalled:
            return {"Nothing to do; the kiosk shows its current content.",
                    "无需操作；展示机继续显示当前内容。"};
        case RefusalCode::BadKeyFile:
            return {"Use a key file made by kiosk-pack keygen or minisign -G.",
                    "请使用 kiosk-pack keygen 或 minisign -G 生成的密钥文件。"};
    }
    return {"", ""};
}

}  // namespace

Refusal make_refusal(RefusalCode code, std::string detail_en, std::string detail_zh) {
    const Todo t = todo_for(code);
    return Refusal{code, std::move(detail_en), std::move(detail_zh), t.en, t.zh};
}

void refuse(RefusalCode code, std::string detail_en, std::string detail_zh) {
    throw RefusedError(make_refusal(code, std::move(detail_en), std::move(detail_zh)));
}

}  // namespace kiosk::update
