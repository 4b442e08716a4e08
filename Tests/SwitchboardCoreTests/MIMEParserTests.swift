import Foundation
import Testing
@testable import SwitchboardCore

/// The MIME parser on messages shaped as common clients write them, and on garbage.
@Suite struct MIMEParserTests {
    static func message(_ text: String) -> Data { Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

    static let thunderbird = message("""
        From: Alice Scientist <alice@physics.example.edu>
        To: helpdesk@example.org
        Subject: =?UTF-8?Q?Re=3A_=5BSwitchboard_=2312=5D_Jobs_fail_on_CR=C3=88ME_CE?=
        Message-ID: <4f1c@physics.example.edu>
        In-Reply-To: <switchboard.ticket-12@helpdesk.example.org>
        References: <switchboard.ticket-12@helpdesk.example.org>
         <switchboard.abc@helpdesk.example.org>
        MIME-Version: 1.0
        Content-Type: multipart/alternative;
         boundary="------------xyz"

        This is a multi-part message in MIME format.
        --------------xyz
        Content-Type: text/plain; charset=UTF-8; format=flowed
        Content-Transfer-Encoding: 8bit

        We run dCache 9.2 — thanks.

        On 21/09/2026 14:13, Switchboard wrote:
        > Which version do you run?
        --------------xyz
        Content-Type: text/html; charset=UTF-8
        Content-Transfer-Encoding: 8bit

        <p>We run dCache 9.2 — thanks.</p>
        --------------xyz--
        """)

    @Test func aThunderbirdReplyHasItsHeadersPartsAndText() {
        let part = MIMEParser.parse(Self.thunderbird)
        #expect(part.isMultipart && part.parts.count == 2)
        #expect(EncodedWords.decode(part.header("Subject")!) == "Re: [Switchboard #12] Jobs fail on CRÈME CE")
        #expect(part.header("references") == "<switchboard.ticket-12@helpdesk.example.org> <switchboard.abc@helpdesk.example.org>")
        #expect(part.parts[0].contentType == "text/plain" && part.parts[0].parameters["charset"] == "UTF-8")
        #expect(part.parts[0].text.hasPrefix("We run dCache 9.2 — thanks.\r\n"))
        #expect(part.parts[0].text.hasSuffix("> Which version do you run?"), "the line break before the delimiter is not the part's")
        #expect(part.parts[1].contentType == "text/html")
    }

    @Test func outlookQuotedPrintableLatin1AndWindows1252() {
        let latin1 = MIMEParser.parse(Self.message("""
            Subject: =?iso-8859-1?Q?Gr=FC=DFe_aus_M=FCnchen?=
            Content-Type: text/plain; charset="iso-8859-1"
            Content-Transfer-Encoding: quoted-printable

            Gr=FC=DFe, das Speicherelement ist voll. Eine sehr lange Zeile, die wei=
            ter geht.
            """))
        #expect(EncodedWords.decode(latin1.header("Subject")!) == "Grüße aus München")
        #expect(latin1.text == "Grüße, das Speicherelement ist voll. Eine sehr lange Zeile, die weiter geht.")
        let windows = MIMEParser.parse(Data("Content-Type: text/plain; charset=windows-1252\r\n\r\n".utf8) + Data([0x93, 0x4F, 0x4B, 0x94, 0x20, 0x80, 0x35]))
        #expect(windows.text == "“OK” €5")
        let latin9 = Charsets.decode(Data([0xA4]), charset: "ISO-8859-15")
        #expect(latin9 == "€")
    }

    @Test func gmailAttachmentsInBase64WithEncodedFilenames() {
        let pdf = Data((0..<300).map { UInt8($0 % 256) })
        let lines = stride(from: 0, to: pdf.base64EncodedString().count, by: 76).map { start -> String in
            let text = pdf.base64EncodedString()
            let from = text.index(text.startIndex, offsetBy: start)
            return String(text[from..<(text.index(from, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex)])
        }.joined(separator: "\n")
        let part = MIMEParser.parse(Self.message("""
            Content-Type: multipart/mixed; boundary="000000000000abc"

            --000000000000abc
            Content-Type: multipart/alternative; boundary="000000000000def"

            --000000000000def
            Content-Type: text/plain; charset="UTF-8"

            Log attached.
            --000000000000def
            Content-Type: text/html; charset="UTF-8"

            <div dir="ltr">Log attached.</div>
            --000000000000def--
            --000000000000abc
            Content-Type: application/pdf; name="=?UTF-8?B?cmFwcG9ydMOpLnBkZg==?="
            Content-Disposition: attachment; filename*=utf-8''rapport%C3%A9.pdf
            Content-Transfer-Encoding: base64

            \(lines)
            --000000000000abc--
            """))
        let leaves = part.leaves
        #expect(leaves.map(\.contentType) == ["text/plain", "text/html", "application/pdf"])
        #expect(leaves[2].isAttachment && !leaves[0].isAttachment)
        #expect(leaves[2].filename == "rapporté.pdf")
        #expect(leaves[2].body == pdf)
    }

    @Test func encodedWordsFollowRFC2047() {
        #expect(EncodedWords.decode("=?UTF-8?B?w6l0w6k=?= =?UTF-8?B?IGhpdmVy?=") == "été hiver", "space between words is dropped")
        #expect(EncodedWords.decode("plain =?utf-8?q?caf=C3=A9?= text") == "plain café text")
        #expect(EncodedWords.decode("=?broken") == "=?broken")
        #expect(EncodedWords.decode("=?x?Z?abc?=") == "=?x?Z?abc?=")
    }

    @Test func aMessageWithoutMIMEHeadersIsPlainText() {
        let part = MIMEParser.parse(Data("Subject: hi\n\nJust text.\n".utf8))
        #expect(part.contentType == "text/plain" && part.text == "Just text.\n" && part.parts.isEmpty)
        let headless = MIMEParser.parse(Data("no headers at all".utf8))
        #expect(headless.body.isEmpty || headless.contentType == "text/plain")
    }

    /// Thousands of mutated messages: the parser always returns, quickly, without crashing.
    @Test func mutatedMessagesNeverCrashOrHang() {
        var generator = BusinessCalendarPropertyTests.Generator(state: 2026)
        let seeds = [Self.thunderbird, Data("Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n".utf8)]
        let started = Date()
        for index in 0..<3000 {
            var bytes = Array(seeds[index % seeds.count])
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                let position = Int.random(in: 0..<max(bytes.count, 1), using: &generator)
                switch Int.random(in: 0..<5, using: &generator) {
                case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1 where !bytes.isEmpty: bytes.remove(at: position)
                case 2: bytes.insert(contentsOf: Array(["=?", "--", "\r\n", "boundary=", "=\r\n", "?="].randomElement(using: &generator)!.utf8), at: min(position, bytes.count))
                case 3 where bytes.count > 10: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...40, using: &generator)))
                default: bytes.append(contentsOf: bytes.prefix(Int.random(in: 0...64, using: &generator)))
                }
            }
            let part = MIMEParser.parse(Data(bytes))
            _ = part.leaves.map(\.text)
            _ = part.header("Subject").map(EncodedWords.decode)
        }
        #expect(Date().timeIntervalSince(started) < 60)
    }
}
