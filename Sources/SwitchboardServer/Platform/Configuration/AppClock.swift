import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The one source of "now". Production uses the system clock; tests and simulations hand in
/// a clock they move.
public struct AppClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = AppClock { Date() }

    /// A clock that stands still until moved.
    public static func manual(_ start: Date) -> (clock: AppClock, control: ManualClock) {
        let control = ManualClock(start)
        return (AppClock { control.current }, control)
    }
}

/// The handle that moves a manual clock.
public final class ManualClock: Sendable {
    private let value: NIOLockedValueBox<Date>

    init(_ start: Date) { value = NIOLockedValueBox(start) }

    public var current: Date { value.withLockedValue { $0 } }

    public func set(_ date: Date) { value.withLockedValue { $0 = date } }

    public func advance(by seconds: TimeInterval) { value.withLockedValue { $0 += seconds } }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }
    private struct ConfigurationKey: StorageKey { typealias Value = SwitchboardConfiguration }

    public var clock: AppClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }

    public var switchboardConfiguration: SwitchboardConfiguration {
        get { storage[ConfigurationKey.self] ?? SwitchboardConfiguration() }
        set { storage[ConfigurationKey.self] = newValue }
    }
}

extension Request {
    var now: Date { application.clock.now() }
}
