// The XML layer of the xlsx reader: streams one zip entry through expat, refusing any DTD (so no
// entity expansion, internal or external), and hands elements to a handler by local name, so
// the transitional and the strict OOXML namespaces read alike.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/pack/diagnostics.h"
#include "kiosk/pack/xlsx_zip.h"

namespace kiosk::pack::xlsx {

class XmlHandler {
  public:
    virtual ~XmlHandler() = default;
    // attrs: expat's name, value, name, value, ..., nullptr.
    virtual void start(std::string_view name, const char** attrs) = 0;
    virtual void end(std::string_view name) = 0;
    virtual void text(std::string_view) {}
    // Set by a handler that reported a problem and wants the parse stopped.
    bool stop = false;
};

enum class XmlResult { Ok, Missing, Stopped, Failed };

// Missing: no such entry. Stopped: the handler stopped (and reported). Failed: the entry was
// refused (zip limits, bad XML, a DTD) and reported in diag under `file`.
XmlResult parse_xml(ZipArchive& zip, const std::string& entry, XmlHandler& handler,
                    const std::string& file, Diagnostics& diag);

// The value of the attribute whose local name (after any "prefix:") is `name`, or nullptr.
const char* attribute(const char** attrs, std::string_view name);

}  // namespace kiosk::pack::xlsx
