import Foundation
import Testing
@testable import SwitchboardCore

/// What the mail gate reads to believe a sender: the own mail server's Authentication-Results
/// and the helpdesk's reply addresses.
@Suite struct SenderVerificationTests {
    @Test func authenticationResultsCountOnlyFromTheTrustedServerAndOnlyTheTopmost() {
        let ours = "mx.example.org"
        #expect(AuthenticationResults.authenticates(
            fromDomain: "example.org", headers: ["mx.example.org; spf=pass smtp.mailfrom=example.org; dmarc=pass (p=reject dis=none) header.from=example.org"],
            authservID: ours))
        #expect(AuthenticationResults.authenticates(
            fromDomain: "physics.example.org", headers: ["MX.example.org (version 1); dkim=pass (2048-bit key) header.d=example.org header.s=s1"], authservID: ours),
            "DKIM of the parent domain aligns (relaxed)")
        #expect(AuthenticationResults.authenticates(
            fromDomain: "example.org", headers: ["mx.example.org; dkim=pass header.i=@example.org"], authservID: ours))
        #expect(!AuthenticationResults.authenticates(
            fromDomain: "example.org", headers: ["mx.example.org; dkim=pass header.d=evil.example"], authservID: ours), "signed by someone else")
        #expect(!AuthenticationResults.authenticates(
            fromDomain: "example.org", headers: ["mx.example.org; dkim=pass header.d=xample.org"], authservID: ours), "not a parent domain")
        #expect(!AuthenticationResults.authenticates(
            fromDomain: "example.org", headers: ["mx.example.org; spf=pass smtp.mailfrom=example.org"], authservID: ours), "SPF alone says nothing of From")
        #expect(!AuthenticationResults.authenticates(
            fromDomain: "example.org", headers: ["mx.attacker.example; dmarc=pass header.from=example.org"], authservID: ours))
        #expect(!AuthenticationResults.authenticates(
            fromDomain: "example.org", headers: ["mx.example.org; dmarc=fail header.from=example.org", "mx.example.org; dmarc=pass header.from=example.org"],
            authservID: ours), "a second header with our id came with the message")
        #expect(!AuthenticationResults.authenticates(
            fromDomain: "example.org", headers: ["mx.example.org; dmarc=pass header.from=example.org"], authservID: "other.example.org"))
        #expect(!AuthenticationResults.authenticates(fromDomain: "example.org", headers: ["mx.example.org; none"], authservID: ours))
    }

    @Test func replyAddressesCarryTicketAndToken() {
        let address = ReplyAddress.make(base: "helpdesk@example.org", ticketID: 42, token: "abcdef")
        #expect(address == "helpdesk+42-abcdef@example.org")
        #expect(ReplyAddress.parse("Helpdesk+42-ABCDEF@Example.org", base: "helpdesk@example.org")! == (42, "abcdef"))
        #expect(ReplyAddress.make(base: "helpdesk+old@example.org", ticketID: 1, token: "t") == "helpdesk+1-t@example.org")
        #expect(ReplyAddress.parse("helpdesk@example.org", base: "helpdesk@example.org") == nil)
        #expect(ReplyAddress.parse("helpdesk+42-x@other.example", base: "helpdesk@example.org") == nil)
        #expect(ReplyAddress.parse("helpdeskx+42-x@example.org", base: "helpdesk@example.org") == nil)
        #expect(ReplyAddress.parse("helpdesk+0-x@example.org", base: "helpdesk@example.org") == nil)
        #expect(ReplyAddress.parse("helpdesk+42-@example.org", base: "helpdesk@example.org") == nil)
    }

    @Test func sendersAssuranceIsOrdered() {
        #expect(SenderAssurance.none < .replyAddress && SenderAssurance.replyAddress < .authenticated)
        #expect(SenderAssurance(setting: "Reply-Address") == .replyAddress && SenderAssurance(setting: "dkim") == nil)
    }
}
