import Foundation
import Testing
@testable import SwitchboardCore

/// Finding the notification a reply answers from its thread headers.
@Suite struct NotificationThreadingTests {
    static func mail(_ headers: String) throws -> InboundMail {
        let raw = "From: Alice <alice@example.edu>\r\nSubject: Re: your ticket\r\n\(headers)\r\nContent-Type: text/plain\r\n\r\nThanks.\r\n"
        return try InboundMail.read(Data(raw.utf8), envelopeSender: nil).get()
    }

    @Test func theNotificationsOfOurDomainAreFoundNewestFirst() throws {
        let first = UUID(), second = UUID()
        let mail = try Self.mail("In-Reply-To: <switchboard.\(second.uuidString.lowercased())@helpdesk.example.org>\r\n"
            + "References: <switchboard.\(first.uuidString.lowercased())@helpdesk.example.org> <switchboard.ticket-7@helpdesk.example.org>")
        #expect(mail.notificationIDs(domain: "helpdesk.example.org").count == 2)
        #expect(Set(mail.notificationIDs(domain: "Helpdesk.Example.org")) == [first, second])
        #expect(mail.notificationIDs(domain: "other.example.org").isEmpty, "another installation's notifications are not ours")
        #expect(try Self.mail("In-Reply-To: <c05@helpdesk.example.org>").notificationIDs(domain: "helpdesk.example.org").isEmpty)
        #expect(try Self.mail("In-Reply-To: <switchboard.not-a-uuid@helpdesk.example.org>").notificationIDs(domain: "helpdesk.example.org").isEmpty)
    }
}
