import Foundation
import Vapor

/// Counts failed password checks per account and per client address in a sliding window,
/// and refuses further checks while either is over its limit. One limiter guards every place
/// a password is checked: the web sign-in, `POST /api/v1/tokens` and the password change
/// (its current password), so a lock on one is a lock on all. Per process: several `serve`
/// instances each count on their own.
actor PasswordAttemptLimiter {
    let window: TimeInterval
    let perAccount: Int
    let perAddress: Int
    private var failures: [String: [Date]] = [:]

    init(window: TimeInterval = 15 * 60, perAccount: Int = 5, perAddress: Int = 20) {
        self.window = window
        self.perAccount = perAccount
        self.perAddress = perAddress
    }

    /// Seconds until another attempt is allowed, or nil when it is allowed now.
    func retryAfter(account: String, address: String, now: Date) -> TimeInterval? {
        prune(now: now)
        var wait: TimeInterval?
        for (key, limit) in [("account:" + account, perAccount), ("address:" + address, perAddress)] {
            let recent = failures[key] ?? []
            if recent.count >= limit, let oldest = recent.first {
                wait = max(wait ?? 0, oldest.addingTimeInterval(window).timeIntervalSince(now))
            }
        }
        return wait
    }

    func recordFailure(account: String, address: String, now: Date) {
        failures["account:" + account, default: []].append(now)
        failures["address:" + address, default: []].append(now)
    }

    func recordSuccess(account: String) {
        failures["account:" + account] = nil
    }

    private func prune(now: Date) {
        for (key, dates) in failures {
            let kept = dates.filter { now.timeIntervalSince($0) < window }
            failures[key] = kept.isEmpty ? nil : kept
        }
    }
}

extension Application {
    private struct PasswordAttemptLimiterKey: StorageKey { typealias Value = PasswordAttemptLimiter }

    /// Set once by `configure`, before any request.
    var passwordAttempts: PasswordAttemptLimiter {
        get { storage[PasswordAttemptLimiterKey.self]! }
        set { storage[PasswordAttemptLimiterKey.self] = newValue }
    }
}
