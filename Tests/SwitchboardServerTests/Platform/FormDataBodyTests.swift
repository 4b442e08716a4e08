import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardServer

@Suite struct FormDataBodyTests {
    static let boundary = "----formdata-7d1c"

    static func body(_ text: String) -> Data { Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

    @Test func readsTheBodyABrowserSends() throws {
        let data = Self.body("""
        ------formdata-7d1c
        Content-Disposition: form-data; name="visibility"

        internal
        ------formdata-7d1c
        Content-Disposition: form-data; name="file"; filename="job log.txt"
        Content-Type: text/plain

        line one
        --not-the-boundary
        line three
        ------formdata-7d1c--

        """)
        let form = try FormDataBody.parse(data, boundary: Self.boundary)
        #expect(form.parts.map(\.name) == ["visibility", "file"])
        #expect(form.parts[0].body == Data("internal".utf8))
        #expect(form.parts[0].filename == nil)
        #expect(form.parts[1].filename == "job log.txt")
        #expect(form.parts[1].header("content-type") == "text/plain")
        #expect(form.parts[1].body == Self.body("line one\n--not-the-boundary\nline three"))
    }

    @Test func keepsBinaryContentByteForByteAndSkipsPreambleAndEpilogue() throws {
        let content: [UInt8] = [0, 13, 10, 45, 45, 255, 13, 13, 10, 0xC2, 0xB8]
        var data = Data("a preamble line\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n\r\n".utf8)
        data += Data(content)
        data += Data("\r\n--b--\r\nan epilogue".utf8)
        let form = try FormDataBody.parse(data, boundary: "b")
        #expect(form.parts.count == 1)
        #expect(form.parts[0].body == Data(content))
    }

    @Test func anEmptyFileAndAnEmptyFormAreReadAsSuch() throws {
        let empty = try FormDataBody.parse(Self.body("--b\nContent-Disposition: form-data; name=\"file\"; filename=\"e\"\n\n\n--b--"), boundary: "b")
        #expect(empty.parts.count == 1)
        #expect(empty.parts[0].body.isEmpty)
        #expect(try FormDataBody.parse(Data("--b--\r\n".utf8), boundary: "b").parts.isEmpty)
    }

    /// Each of these either trapped Vapor's MultipartKit 4.7.1 or is not a form a client can mean.
    @Test(arguments: [
        ("--b\r\n\u{B8}--b--\r\n", "b", "closing boundary"),
        ("--b\r\nN\u{E4}me: x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b--", "b", "field name"),
        ("--\r\n--", "", "boundary is missing"),
        ("--b\r\n\r\nno headers\r\n--b--", "b", "Content-Disposition"),
        ("--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", "b", "Content-Disposition"),
        ("--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--b--", "b", "not form-data"),
        ("--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--", "b", "non-empty name"),
        ("--b\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nv\r\n--b--", "b", "field name"),
        ("--b\r\nContent-Disposition: form-data; name=\"a\u{7}\"\r\n\r\nv\r\n--b--", "b", "control characters"),
        ("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", "b", "closing boundary"),
        ("--bx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b--", "b", "line break"),
        ("no boundary here", "b", "never occurs"),
        ("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n--b--", "b", "empty line"),
        ("--b c \r\n", "b c ", "boundary is missing"),
        ("--x\r\n", String(repeating: "x", count: 71), "boundary is missing"),
    ])
    func refusesWhatItCannotReadWithAReason(body: String, boundary: String, reason: String) {
        #expect {
            try FormDataBody.parse(Data(body.utf8), boundary: boundary)
        } throws: { error in
            (error as? FormDataBody.Malformed)?.description.contains(reason) == true
        }
    }

    @Test func partsAndHeadersAreBounded() {
        let many = String(repeating: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n", count: FormDataBody.maxParts + 1) + "--b--"
        #expect(throws: FormDataBody.Malformed.self) { try FormDataBody.parse(Data(many.utf8), boundary: "b") }
        let longHeader = "--b\r\nContent-Disposition: form-data; name=\"\(String(repeating: "a", count: FormDataBody.maxHeaderBytesPerPart))\"\r\n\r\nv\r\n--b--"
        #expect(throws: FormDataBody.Malformed.self) { try FormDataBody.parse(Data(longHeader.utf8), boundary: "b") }
    }

    /// The fast search agrees with the obvious one on random haystacks over a small alphabet
    /// (many near-misses), at every start and window.
    @Test func byteSearchFindsWhatTheObviousSearchFinds() {
        var generator = SeededGenerator(state: 2046)
        func obvious(_ needle: [UInt8], _ bytes: [UInt8], _ start: Int, _ within: Int) -> Int? {
            guard !needle.isEmpty, start >= 0 else { return nil }
            var index = start
            while index + needle.count <= bytes.count && (within == .max || index + needle.count <= start + within) {
                if Array(bytes[index..<(index + needle.count)]) == needle { return index }
                index += 1
            }
            return nil
        }
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0...60, using: &generator)).map { _ in UInt8.random(in: 13...15, using: &generator) }
            let needle = (0..<Int.random(in: 1...4, using: &generator)).map { _ in UInt8.random(in: 13...15, using: &generator) }
            let start = Int.random(in: 0...62, using: &generator)
            let within = Bool.random(using: &generator) ? Int.max : Int.random(in: 0...40, using: &generator)
            #expect(ByteSearch.firstIndex(of: needle, in: bytes, from: start, within: within) == obvious(needle, bytes, start, within),
                    "\(needle) in \(bytes) from \(start) within \(within)")
        }
        #expect(ByteSearch.contains(Array("--b".utf8), in: Data("x\r\n--b--".utf8)))
        #expect(!ByteSearch.contains(Array("--c".utf8), in: Data("x\r\n--b--".utf8)))
    }

    /// Mutations of a valid body (bytes flipped, inserted, cut, framing pieces spliced in) either
    /// read or are refused; what is read is always named, well-formed parts.
    @Test func mutatedBodiesAreReadOrRefusedNeverTrap() {
        var generator = SeededGenerator(state: 7578)
        let valid = Array(Self.body("""
        --b
        Content-Disposition: form-data; name="visibility"

        public
        --b
        Content-Disposition: form-data; name="file"; filename="a.txt"
        Content-Type: text/plain

        hello
        --b--
        """))
        let splices: [[UInt8]] = [[13, 10], [13], [10], Array("--b".utf8), Array("--b--".utf8), [0], [0xB8], [0xFF], [58], [34], [59], [32]]
        var read = 0
        for _ in 0..<5000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<max(bytes.count, 1), using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0 where !bytes.isEmpty: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.insert(contentsOf: splices.randomElement(using: &generator)!, at: min(index, bytes.count))
                case 2 where !bytes.isEmpty: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...8, using: &generator)))
                default: bytes = Array(bytes.prefix(index))
                }
            }
            if let form = try? FormDataBody.parse(Data(bytes), boundary: "b") {
                read += 1
                for part in form.parts {
                    #expect(!part.name.isEmpty)
                    #expect(part.headers.allSatisfy { !$0.name.isEmpty && $0.name.utf8.allSatisfy { $0 > 32 && $0 < 127 } })
                }
            }
        }
        #expect(read > 100 && read < 5000, "\(read) of 5000 mutated bodies were read")
    }
}
