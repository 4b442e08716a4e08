import Fluent
import Foundation
import SwitchboardCore

/// A digest for an operations meeting: the known issues that changed since a date.
public struct KnownIssueDigestContent: Sendable {
    public var since: Date
    public var title: String
    /// Every issue opened, changed or resolved since then that the reader may see.
    public var details: [KnownIssueDetail]

    public var issues: [KnownIssueSummary] { details.map(\.summary) }

    public var sections: [(section: KnownIssueDigest.Section, issues: [KnownIssueSummary])] { KnownIssueDigest.sections(issues, since: since) }
    public var markdown: String { KnownIssueDigest.markdown(issues, since: since, zone: KnownIssueOperations.digestZone, title: title) }
    public var plainText: String { KnownIssueDigest.plainText(issues, since: since, zone: KnownIssueOperations.digestZone, title: title) }
}

extension KnownIssueOperations {
    /// Digest dates are days in UTC.
    static let digestZone = TimeZone(identifier: "UTC")!
    /// Without a date, the digest covers the last week (a weekly meeting).
    static let defaultDigestDays = 7

    /// `since` as given: a day (`2026-11-24`, from its start in UTC) or an instant with its
    /// zone; absent, seven days before today.
    public func digestStart(_ text: String?) throws -> Date {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = Self.digestZone
            let today = calendar.startOfDay(for: helpdesk.clock.now())
            return calendar.date(byAdding: .day, value: -Self.defaultDigestDays, to: today)!
        }
        guard let date = text.contains("T") ? ISO8601.parseInstant(text) : ISO8601.parse(text) else {
            throw HelpdeskError.invalid("since", "'\(text.prefix(40))' is not a date: write 2026-11-24 (a day in UTC) or 2026-11-24T09:00:00Z.")
        }
        return date
    }

    /// The digest the reader may see: published issues for everyone, drafts too for supporters.
    public func digest(since: Date, for principal: Principal?) async throws -> KnownIssueDigestContent {
        // Every change of an issue moves `updatedAt`: opened and resolved since are included.
        var query = KnownIssueModel.query(on: helpdesk.database).filter(\.$updatedAt >= since)
        if !Self.mayKeep(principal) { query = query.filter(\.$published == true) }
        let issues = try await query.sort(\.$id).limit(Self.listMaxRows).all()
        let read = try await details(issues, for: principal)
        return KnownIssueDigestContent(since: since, title: helpdesk.configuration.knownIssues.digestTitle,
                                       details: read.filter { KnownIssueDigest.section(of: $0.summary, since: since) != nil })
    }

    /// Mails the digest as plain text to the operations meeting's list
    /// (`SWITCHBOARD_KNOWN_ISSUES_LIST`) through the outbox: published issues only, since the
    /// list reaches beyond the supporters. Returns the digest sent.
    @discardableResult
    public func mailDigest(since: Date, by acting: Acting) async throws -> KnownIssueDigestContent {
        try Self.checkKeeper(acting.principal)
        return try await enqueueDigest(since: since, by: acting)
    }

    /// The mail itself; `switchboard known-issues digest --mail` sends it as the system.
    func enqueueDigest(since: Date, by acting: Acting) async throws -> KnownIssueDigestContent {
        guard let address = helpdesk.configuration.knownIssues.digestAddress else {
            throw HelpdeskError.conflict("No list is configured for the digest (SWITCHBOARD_KNOWN_ISSUES_LIST); read it on the web or as Markdown instead.")
        }
        // Read as the public reads it, with the tickets for the meeting.
        var content = try await digest(since: since, for: nil)
        content.details = try await details(content.details.map(\.issue), withTickets: true)
        let body = content.plainText
        let subject = "\(content.title) since \(KnownIssueDigest.day(since, Self.digestZone))"
        try await helpdesk.change(by: acting) { context in
            try await Outbox.enqueue(to: [address], subject: subject, body: body, kind: "known-issue-digest", ticket: nil, event: nil, in: context)
        }
        return content
    }
}
