import Foundation
import Testing
@testable import SwitchboardCore

/// The reply text of received mail: the quote cut off, HTML made plain, in time linear in the
/// input (the mail gate reads mail before it knows who sent it).
@Suite struct ReplyTextTests {
    @Test func theQuoteIsCutAtTheCommonMarkers() {
        #expect(QuoteCutter.split("Yes, 9.2.\n\nOn Mon, 21 Sep 2026, Switchboard wrote:\n> Which?").reply == "Yes, 9.2.")
        #expect(QuoteCutter.split("Fine.\n-----Original Message-----\nFrom: x").quoted == "-----Original Message-----\nFrom: x")
        #expect(QuoteCutter.split("Inline:\n> a question\nmy answer").quoted == nil, "a quote with an answer below is kept whole")
        #expect(QuoteCutter.split("Answer\n> q1\n\n> q2\n").reply == "Answer")
        #expect(QuoteCutter.split("> only a quote").reply == "> only a quote")
    }

    @Test func htmlBecomesPlainText() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body><p>Line one</p><div>Line&nbsp;two &amp; three</div>"
            + "<SCRIPT>alert(1)</SCRIPT><blockquote>quoted</blockquote>a &lt;b&gt; c<br/>end</body></html>"
        #expect(HTMLText.plainText(html) == "Line one\nLine two & three\n\n> quoted\na <b> c\nend")
        #expect(HTMLText.plainText("a < b and c > d") == "a < b and c > d".replacingOccurrences(of: "< b and c >", with: ""))
        #expect(HTMLText.plainText("x <script> never closed") == "x  never closed")
        #expect(HTMLText.plainText("1 < 2") == "1 < 2", "a < that opens no tag stays")
        #expect(HTMLText.plainText("&amp;lt;") == "&lt;")
    }

    /// Adversarial messages from 1 KB to 1 MB; the time per byte must stay flat. (The mail gate
    /// takes up to 40 MB; CI feeds it a 10 MB one of the first shape.)
    static let shapes: [(name: String, make: @Sendable (Int) -> Data)] = [
        ("quoted lines then one answer", { size in
            mail(body: String(repeating: "> quoted line\r\n", count: size / 15) + "an answer below\r\n") }),
        ("unclosed script tags", { size in
            mail(body: String(repeating: "<script>", count: size / 8), type: "text/html") }),
        ("tags that never close", { size in
            mail(body: String(repeating: "<a ", count: size / 3), type: "text/html") }),
        ("unfinished encoded words in the subject", { size in
            mail(subject: String(repeating: "=?utf-8?q?", count: min(size, 200_000) / 10), body: "x") }),
        ("long runs of spaces", { size in
            mail(body: String(repeating: " ", count: size) + "\r\n", type: "text/html") }),
    ]

    static func mail(subject: String = "hello", body: String, type: String = "text/plain") -> Data {
        Data("From: a@example.org\r\nSubject: \(subject)\r\nContent-Type: \(type); charset=utf-8\r\n\r\n\(body)".utf8)
    }

    @Test(arguments: 0..<5)
    func readingMailTakesTimeLinearInItsSize(shape: Int) {
        let (name, make) = Self.shapes[shape]
        var perByte: [(size: Int, nanoseconds: Double)] = []
        for size in [1 << 10, 1 << 14, 1 << 17, 1 << 20] {
            let message = make(size)
            var best = Double.infinity
            for _ in 0..<(size < 1 << 17 ? 5 : 2) {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = InboundMail.read(message)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
            }
            perByte.append((message.count, best / Double(message.count)))
        }
        // A quadratic reader costs 1,000 times more per byte at 1 MB than at 1 KB; a linear one
        // the same, give or take caches and allocation (the first sizes carry fixed costs).
        let floor = perByte.map(\.nanoseconds).min()!
        let worst = perByte.map(\.nanoseconds).max()!
        print("\(name): " + perByte.map { "\($0.size) B: \(String(format: "%.1f", $0.nanoseconds)) ns/B" }.joined(separator: ", "))
        #expect(perByte.last!.nanoseconds <= 8 * floor, "\(name): \(perByte)")
        #expect(worst.isFinite)
    }
}
