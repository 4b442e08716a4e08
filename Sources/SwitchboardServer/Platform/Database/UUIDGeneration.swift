import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562 §5.7): the instant's milliseconds since 1970 in the first 48
    /// bits, then random bits. Ids made in time order sort in time order (as their upper-case
    /// text too, which is how SQLite stores them), so rows written in bulk in time order go to
    /// the end of their primary-key index instead of to a random page of it.
    static func timeOrdered(at instant: Date) -> UUID {
        let milliseconds = UInt64(max(0, (instant.timeIntervalSince1970 * 1000).rounded(.down)))
        var random = SystemRandomNumberGenerator()
        let low = random.next() as UInt64, high = random.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        for index in 6..<16 { bytes[index] = UInt8(truncatingIfNeeded: (index < 14 ? low : high) >> (8 * UInt64(index % 8))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)  // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F)  // variant 10
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A random (version 4) UUID from the system's generator (`getrandom`). Foundation's
    /// `UUID()` opens, reads and closes `/dev/urandom` for each one on Linux, three system
    /// calls per new row that showed in the writer's profile; the rows a ticket change makes
    /// get their ids here.
    static func randomV4() -> UUID {
        var random = SystemRandomNumberGenerator()
        var bytes = (random.next() as UInt64, random.next() as UInt64)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = 0x40 | (raw[6] & 0x0F)  // version 4
            raw[8] = 0x80 | (raw[8] & 0x3F)  // variant 10
            return UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                               raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
        }
    }
}
