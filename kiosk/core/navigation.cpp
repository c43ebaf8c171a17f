// Navigator: back stack and eased screen transitions.
#include "kiosk/core/navigation.h"

#include <algorithm>
#include <utility>

namespace kiosk {

namespace {
const Route kHome{"home", ""};
}

Navigator::Navigator() : stack_{kHome} {}

void Navigator::changed(const Route& left, double now, int direction) {
    previous_ = left;
    changed_at_ = now;
    direction_ = direction;
    finished_ = false;
}

void Navigator::go(Route r, double now) {
    if (r == current()) return;
    const Route left = current();
    stack_.push_back(std::move(r));
    changed(left, now, +1);
}

void Navigator::back(double now) {
    if (stack_.size() <= 1) return;
    const Route left = current();
    stack_.pop_back();
    changed(left, now, -1);
}

void Navigator::home(double now) {
    reset(kHome, now);
}

void Navigator::reset(Route root, double now) {
    if (stack_.size() == 1 && current() == root) return;
    const Route left = current();
    stack_.assign(1, std::move(root));
    changed(left, now, -1);
}

void Navigator::observe(double now) const {
    if (now >= changed_at_ + kTransitionSeconds) finished_ = true;
}

const Route* Navigator::previous() const {
    return finished_ || !previous_ ? nullptr : &*previous_;
}

float Navigator::transition(double now) const {
    observe(now);
    const double p = std::clamp((now - changed_at_) / kTransitionSeconds, 0.0, 1.0);
    const double rest = 1.0 - p;
    return static_cast<float>(1.0 - rest * rest * rest);  // ease-out cubic
}

bool Navigator::transitioning(double now) const {
    observe(now);
    return !finished_;
}

}  // namespace kiosk
