#include "kiosk/pack/xlsx_xml.h"

#include <expat.h>

namespace kiosk::pack::xlsx {
namespace {

std::string_view local_name(const char* qualified) {
    std::string_view name(qualified);
    const auto colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

struct Parse {
    XML_Parser parser = nullptr;
    XmlHandler* handler = nullptr;
    bool dtd = false;
};

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attrs) {
    auto* p = static_cast<Parse*>(data);
    p->handler->start(local_name(name), attrs);
    if (p->handler->stop) XML_StopParser(p->parser, XML_FALSE);
}
void XMLCALL on_end(void* data, const XML_Char* name) {
    auto* p = static_cast<Parse*>(data);
    p->handler->end(local_name(name));
    if (p->handler->stop) XML_StopParser(p->parser, XML_FALSE);
}
void XMLCALL on_text(void* data, const XML_Char* s, int len) {
    auto* p = static_cast<Parse*>(data);
    p->handler->text(std::string_view(s, static_cast<size_t>(len)));
    if (p->handler->stop) XML_StopParser(p->parser, XML_FALSE);
}
// Excel never writes a DTD; one can only be there to expand entities ("billion laughs").
void XMLCALL on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* p = static_cast<Parse*>(data);
    p->dtd = true;
    XML_StopParser(p->parser, XML_FALSE);
}
void XMLCALL on_entity(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                       const XML_Char*, const XML_Char*, const XML_Char*) {
    on_doctype(data, nullptr, nullptr, nullptr, 0);
}

}  // namespace

const char* attribute(const char** attrs, std::string_view name) {
    for (int i = 0; attrs && attrs[i]; i += 2)
        if (local_name(attrs[i]) == name) return attrs[i + 1];
    return nullptr;
}

XmlResult parse_xml(ZipArchive& zip, const std::string& entry, XmlHandler& handler,
                    const std::string& file, Diagnostics& diag) {
    if (!zip.has(entry)) return XmlResult::Missing;
    Parse p;
    p.parser = XML_ParserCreate(nullptr);
    p.handler = &handler;
    XML_SetUserData(p.parser, &p);
    XML_SetElementHandler(p.parser, on_start, on_end);
    XML_SetCharacterDataHandler(p.parser, on_text);
    XML_SetStartDoctypeDeclHandler(p.parser, on_doctype);
    XML_SetEntityDeclHandler(p.parser, on_entity);
    XML_SetParamEntityParsing(p.parser, XML_PARAM_ENTITY_PARSING_NEVER);
    bool xml_ok = true;
    const bool read = zip.read(entry, [&](const char* data, size_t size) {
        xml_ok = XML_Parse(p.parser, data, static_cast<int>(size), XML_FALSE) == XML_STATUS_OK;
        return xml_ok;
    });
    if (read) xml_ok = XML_Parse(p.parser, nullptr, 0, XML_TRUE) == XML_STATUS_OK;
    XmlResult result = XmlResult::Ok;
    if (p.dtd) {
        diag.error(
            file, 0,
            entry +
                " 含有 DTD（文档类型声明），Excel/WPS 不会这样保存，可能是恶意文件；已拒绝，请在 "
                "Excel/WPS 中重新保存为 .xlsx / " +
                entry +
                " contains a DTD, which Excel/WPS never writes (a hostile file?); refused: "
                "save the workbook again as .xlsx in Excel/WPS");
        result = XmlResult::Failed;
    } else if (handler.stop) {
        result = XmlResult::Stopped;
    } else if (!xml_ok) {
        diag.error(file, 0,
                   entry + " 第 " + std::to_string(XML_GetCurrentLineNumber(p.parser)) +
                       " 行 XML 有误（" + XML_ErrorString(XML_GetErrorCode(p.parser)) +
                       "）；请在 Excel/WPS 中打开并重新保存为 .xlsx / " + entry + " line " +
                       std::to_string(XML_GetCurrentLineNumber(p.parser)) + ": bad XML (" +
                       XML_ErrorString(XML_GetErrorCode(p.parser)) +
                       "); open the workbook in Excel/WPS and save it again as .xlsx");
        result = XmlResult::Failed;
    } else if (!read) {
        result = XmlResult::Failed;  // the zip layer reported it
    }
    XML_ParserFree(p.parser);
    return result;
}

}  // namespace kiosk::pack::xlsx
