import Foundation
import Testing
@testable import SwitchboardCore

/// The index answers exactly what the calendar answers, for random calendars (time zones with
/// daylight saving, holidays, intervals across the small hours), instants and durations.
@Suite struct WorkingTimeIndexTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func answersAsTheCalendarDoes(seed: UInt64) {
        var random = BusinessCalendarPropertyTests.Generator(state: seed)
        let calendar = BusinessCalendarPropertyTests.calendar(&random)
        let base = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        let index = WorkingTimeIndex(calendar: calendar, from: base, to: base.addingTimeInterval(400 * 86_400))
        for _ in 0..<300 {
            let a = base.addingTimeInterval(Double(Int.random(in: -20 * 86_400...420 * 86_400, using: &random)))
            let b = a.addingTimeInterval(Double(Int.random(in: -86_400...60 * 86_400, using: &random)))
            #expect(index.workingTime(from: a, to: b) == calendar.workingTime(from: a, to: b), "seed \(seed): \(a) → \(b)")
            let duration = Int.random(in: 1...(20 * 8 * 3600), using: &random)
            #expect(index.deadline(from: a, plus: duration) == calendar.deadline(from: a, plus: duration), "seed \(seed): \(a) + \(duration)")
        }
    }

    /// A calendar laid out answers through its index: the same answers inside the span and
    /// beyond it, the same value, and a changed calendar forgets its layout.
    @Test(arguments: [7, 8, 9] as [UInt64])
    func aLaidOutCalendarAnswersAsThePlainOne(seed: UInt64) {
        var random = BusinessCalendarPropertyTests.Generator(state: seed)
        let plain = BusinessCalendarPropertyTests.calendar(&random)
        let base = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        let laid = plain.laidOut(from: base, to: base.addingTimeInterval(30 * 86_400))
        #expect(laid.isLaidOut && !plain.isLaidOut)
        #expect(laid == plain)
        for _ in 0..<200 {
            let a = base.addingTimeInterval(Double(Int.random(in: -5 * 86_400...40 * 86_400, using: &random)) + 0.25)
            let b = a.addingTimeInterval(Double(Int.random(in: -86_400...20 * 86_400, using: &random)))
            #expect(laid.workingTime(from: a, to: b) == plain.workingTime(from: a, to: b), "seed \(seed): \(a) → \(b)")
            let duration = Int.random(in: 0...(10 * 8 * 3600), using: &random)
            #expect(laid.deadline(from: a, plus: duration) == plain.deadline(from: a, plus: duration), "seed \(seed): \(a) + \(duration)")
        }
        var changed = laid
        changed.holidays.append(Holiday(LocalDate(year: 2026, month: 1, day: 5), name: "Closed"))
        #expect(!changed.isLaidOut)
        #expect(changed != plain)
    }
}
