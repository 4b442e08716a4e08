import Foundation
import SwitchboardCore

/// Finding a byte string in a large body (a multipart delimiter in a 10 MB upload) at memory
/// speed: `memchr` to the next candidate first byte, `memcmp` for the rest.
public enum ByteSearch {
    /// The first index at or after `start` where `needle` begins, looking at most `within` bytes
    /// from `start` (the whole needle inside them).
    public static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int, within: Int = .max) -> Int? {
        bytes.withUnsafeBytes { firstIndex(of: needle, in: $0, from: start, within: within) }
    }

    public static func contains(_ needle: [UInt8], in data: Data) -> Bool {
        data.withUnsafeBytes { firstIndex(of: needle, in: $0, from: 0) != nil }
    }

    static func firstIndex(of needle: [UInt8], in buffer: UnsafeRawBufferPointer, from start: Int, within: Int = .max) -> Int? {
        guard let first = needle.first, start >= 0, let base = buffer.baseAddress else { return nil }
        let lastStart = buffer.count - needle.count
        guard start <= lastStart else { return nil }
        let last = within >= lastStart - start + needle.count ? lastStart : start + within - needle.count
        guard last >= start else { return nil }
        var index = start
        while index <= last {
            guard let hit = memchr(base + index, Int32(first), last - index + 1) else { return nil }
            let candidate = base.distance(to: UnsafeRawPointer(hit))
            let matches = needle.withUnsafeBytes { memcmp(base + candidate, $0.baseAddress!, needle.count) == 0 }
            if matches { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
