import Foundation
import Testing
@testable import SwitchboardCore

/// Text that leaves the helpdesk for a terminal or a browser's address bar.
@Suite struct SafeOutputTests {
    @Test func terminalControlCharactersAreShownNotObeyed() {
        #expect(TerminalText.escaped("Pool \u{1B}[2J\u{1B}]0;owned\u{07}down") == "Pool \\u{1B}[2J\\u{1B}]0;owned\\u{7}down")
        #expect(TerminalText.escaped("line one\nline\ttwo") == "line one\nline\ttwo")
        #expect(TerminalText.escaped("line one\nline two", singleLine: true) == "line one\\u{A}line two")
        #expect(TerminalText.escaped("abc\u{202E}fed") == "abc\\u{202E}fed")
        #expect(TerminalText.escaped("Grüße, \u{9B}31m") == "Grüße, \\u{9B}31m")
    }

    @Test func onlyPathsOfThisSiteAreRedirectTargets() {
        for bad in ["/\t/evil.example", "/\r\n/evil", "//evil.example", "/\\evil.example", "https://evil.example", "evil", "", "/a b",
                    "/\u{7F}", "/\u{200B}/evil", "/\u{85}x"] {
            #expect(RedirectTarget.sitePath(bad, fallback: "/") == "/", "\(bad.debugDescription)")
        }
        #expect(RedirectTarget.sitePath(nil, fallback: "/") == "/")
        #expect(RedirectTarget.sitePath("/tickets/12?x=%2F%2Fy", fallback: "/") == "/tickets/12?x=%2F%2Fy")
    }
}
