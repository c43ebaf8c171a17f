// Screen navigation: a back stack of routes plus the eased transition after every change.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kiosk {

struct Route {
    std::string screen;  // e.g. "member"
    std::string id;      // e.g. "nju"; empty for list screens
    bool operator==(const Route&) const = default;
};

class Navigator {
  public:
    static constexpr double kTransitionSeconds = 0.220;

    Navigator();                         // at {"home",""}
    void go(Route r, double now);        // push (no-op if identical to current)
    void back(double now);               // pop; at root stays
    void home(double now);               // clear to {"home",""}
    void reset(Route root, double now);  // clear to root (e.g. the attract screen)
    const Route& current() const { return stack_.back(); }
    // The screen being left during a transition, else nullptr. It is cleared once transition()
    // or transitioning() has been asked with a time at or after the transition's end.
    const Route* previous() const;
    bool can_go_back() const { return stack_.size() > 1; }
    float transition(double now) const;  // 0 → 1 ease-out cubic over 220 ms after each change
    bool transitioning(double now) const;
    int direction() const { return direction_; }  // +1 forward, -1 back (slide direction)
    const std::vector<Route>& stack() const { return stack_; }

  private:
    void changed(const Route& left, double now, int direction);
    void observe(double now) const;

    std::vector<Route> stack_;
    std::optional<Route> previous_;
    double changed_at_ = -1e9;
    int direction_ = 1;
    mutable bool finished_ = true;
};

}  // namespace kiosk
