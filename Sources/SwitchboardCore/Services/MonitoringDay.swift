import Foundation

/// One UTC day of one endpoint's (or metric's) raw results, packed for storage: four bytes per
/// result, little-endian `secondOfDay << 3 | status code`, in time order, one result per second.
/// A year of 5-minute results is 288 results, 1,152 bytes, a day; the database keeps one row
/// per endpoint, metric and day instead of one per result.
public struct MonitoringDay: Sendable, Equatable {
    public struct Result: Sendable, Equatable {
        public var secondOfDay: UInt32
        public var status: MonitoringStatus
    }

    /// Days since 1970-01-01.
    public var day: Int
    public private(set) var results: [Result]

    public init(day: Int, results: [Result] = []) {
        self.day = day
        self.results = results.sorted { $0.secondOfDay < $1.secondOfDay }
    }

    /// The stored form back; nil when the bytes are not a packed day.
    public init?(day: Int, packed: [UInt8]) {
        guard packed.count % 4 == 0 else { return nil }
        var results: [Result] = []
        results.reserveCapacity(packed.count / 4)
        var index = 0
        while index < packed.count {
            let word = UInt32(packed[index]) | UInt32(packed[index + 1]) << 8 | UInt32(packed[index + 2]) << 16 | UInt32(packed[index + 3]) << 24
            guard let status = MonitoringStatus(code: UInt8(word & 7)), word >> 3 < 86_400 else { return nil }
            results.append(Result(secondOfDay: word >> 3, status: status))
            index += 4
        }
        self.day = day
        self.results = results
    }

    public var packed: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(results.count * 4)
        for result in results {
            let word = result.secondOfDay << 3 | UInt32(result.status.code)
            bytes.append(contentsOf: [UInt8(word & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word >> 16 & 0xFF), UInt8(word >> 24)])
        }
        return bytes
    }

    /// What adding one result did.
    public enum Outcome: Sendable, Equatable {
        /// A result at a new instant.
        case added
        /// The same status at the same instant was there already (a repeat).
        case unchanged
        /// Another status at the same instant was replaced (a correction from the source).
        case corrected
    }

    /// Adds a result; a result at an instant already held replaces it.
    public mutating func record(_ status: MonitoringStatus, atSecond second: UInt32) -> Outcome {
        var low = 0, high = results.count
        while low < high {
            let middle = (low + high) / 2
            if results[middle].secondOfDay < second { low = middle + 1 } else { high = middle }
        }
        if low < results.count, results[low].secondOfDay == second {
            if results[low].status == status { return .unchanged }
            results[low].status = status
            return .corrected
        }
        results.insert(Result(secondOfDay: second, status: status), at: low)
        return .added
    }

    /// The results as timeline changes (seconds since 1970).
    public var changes: [StatusTimeline.Change] {
        let base = Int64(day) * 86_400
        return results.map { StatusTimeline.Change(at: base + Int64($0.secondOfDay), status: $0.status) }
    }
}
