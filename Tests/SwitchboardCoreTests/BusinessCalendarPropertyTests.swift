import Foundation
import Testing
@testable import SwitchboardCore

/// Properties that must hold for every calendar, start and duration: the two functions are
/// inverse to each other and both are monotonic. Inputs come from a seeded generator, so a
/// failure repeats; the seed is in the failure message.
@Suite struct BusinessCalendarPropertyTests {
    typealias Generator = SeededGenerator

    static let zones = ["Europe/Paris", "America/Chicago", "UTC", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns", "Europe/London"]

    static func calendar(_ random: inout Generator) -> BusinessCalendar {
        let zone = TimeZone(identifier: zones.randomElement(using: &random)!)!
        var week: [BusinessCalendar.Weekday: [BusinessCalendar.Interval]] = [:]
        for weekday in BusinessCalendar.Weekday.allCases where Int.random(in: 0..<10, using: &random) < 7 {
            // One or two intervals in quarter hours, some spanning the small hours of DST nights.
            var cursor = Int.random(in: 0..<40, using: &random) * 900
            var intervals: [BusinessCalendar.Interval] = []
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let end = min(86_400, cursor + Int.random(in: 1...40, using: &random) * 900)
                if end > cursor { intervals.append(.init(start: cursor, end: end)) }
                cursor = end + Int.random(in: 1...8, using: &random) * 900
                if cursor >= 86_400 { break }
            }
            week[weekday] = intervals
        }
        if week.isEmpty { week[.wednesday] = [.init(start: 9 * 3600, end: 17 * 3600)] }
        var holidays: [Holiday] = []
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            let first = LocalDate(year: 2026, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))
            holidays.append(Holiday(from: first, through: LocalDate(year: first.year, month: first.month, day: min(28, first.day + Int.random(in: 0...3, using: &random)))))
        }
        return BusinessCalendar(timeZone: zone, week: week, holidays: holidays)
    }

    static func instant(_ random: inout Generator) -> Date {
        // Anywhere in 2026, to the second.
        Date(timeIntervalSince1970: Double(1_767_225_600 + Int.random(in: 0..<(365 * 86_400), using: &random)))
    }

    @Test(arguments: 0..<8)
    func deadlineAndWorkingTimeAreInverseAndMonotonic(batch: Int) throws {
        let seed = UInt64(20_261_123 + batch)
        var random = Generator(state: seed)
        for case_ in 0..<60 {
            let calendar = Self.calendar(&random)
            let start = Self.instant(&random)
            let d1 = Int.random(in: 0...(120 * 3600), using: &random)
            let d2 = d1 + Int.random(in: 0...(40 * 3600), using: &random)
            let context = "seed \(seed) case \(case_): \(calendar.timeZone.identifier) \(start) \(d1) \(d2)"

            let end1 = try #require(calendar.deadline(from: start, plus: d1), "\(context)")
            let end2 = try #require(calendar.deadline(from: start, plus: d2), "\(context)")
            #expect(calendar.workingTime(from: start, to: end1) == d1, "\(context)")
            #expect(calendar.workingTime(from: start, to: end2) == d2, "\(context)")
            #expect(end1 <= end2, "deadline grows with the duration: \(context)")

            let later = start.addingTimeInterval(Double(Int.random(in: 0...(200 * 3600), using: &random)))
            let fromLater = try #require(calendar.deadline(from: later, plus: d1), "\(context)")
            #expect(end1 <= fromLater, "deadline grows with the start: \(context)")

            let a = Self.instant(&random)
            let b = a.addingTimeInterval(Double(Int.random(in: 0...(30 * 86_400), using: &random)))
            let c = b.addingTimeInterval(Double(Int.random(in: 0...(30 * 86_400), using: &random)))
            let ab = calendar.workingTime(from: a, to: b)
            let bc = calendar.workingTime(from: b, to: c)
            #expect(ab <= calendar.workingTime(from: a, to: c), "\(context)")
            #expect(ab + bc == calendar.workingTime(from: a, to: c), "working time adds up: \(context)")
            // The deadline is the earliest instant with that much working time behind it.
            #expect(try #require(calendar.deadline(from: a, plus: ab)) <= b, "\(context)")
        }
    }
}
