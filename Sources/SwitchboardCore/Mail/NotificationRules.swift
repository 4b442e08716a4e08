import Foundation

/// Who is mailed about an event (issue 5, "who gets what"): the owning unit's list, the
/// responsible person and involved units and people get every event, internal ones included;
/// the submitter and CC addresses get public events only, as the submitter's notification
/// mode says; people who subscribe to the ticket get every public event (they chose to). An address
/// that is on both sides gets one mail, the supporters' one. The actor is not mailed about
/// their own change unless they ask to be.
public enum NotificationRules {
    public struct Facts: Sendable {
        public var kind: TicketEventKind
        public var visibility: Visibility
        /// The status the event moved the ticket to, if it did.
        public var statusAfter: TicketStatus?
        public var actorEmail: String?
        public var actorWantsOwnChanges: Bool
        public var unitList: String
        public var responsible: String?
        public var involvedUnitLists: [String]
        public var involvedPeople: [String]
        public var submitter: String
        public var submitterMode: NotificationMode
        public var cc: [String]
        /// People who subscribe to the ticket; the submitter's own mail follows the notification mode.
        public var subscribers: [String]

        public init(kind: TicketEventKind, visibility: Visibility, statusAfter: TicketStatus? = nil, actorEmail: String?,
                    actorWantsOwnChanges: Bool = false, unitList: String, responsible: String? = nil, involvedUnitLists: [String] = [],
                    involvedPeople: [String] = [], submitter: String, submitterMode: NotificationMode, cc: [String] = [],
                    subscribers: [String] = []) {
            self.kind = kind
            self.visibility = visibility
            self.statusAfter = statusAfter
            self.actorEmail = actorEmail
            self.actorWantsOwnChanges = actorWantsOwnChanges
            self.unitList = unitList
            self.responsible = responsible
            self.involvedUnitLists = involvedUnitLists
            self.involvedPeople = involvedPeople
            self.submitter = submitter
            self.submitterMode = submitterMode
            self.cc = cc
            self.subscribers = subscribers
        }
    }

    public struct Recipients: Sendable, Equatable {
        /// Get the supporters' mail, which may carry internal text.
        public var supporters: [String]
        /// The submitter and CC addresses: get the public mail only.
        public var submitterSide: [String]
        /// People who subscribe to the ticket: the public mail, each their own message, so that
        /// nobody learns who else subscribes.
        public var subscribers: [String]

        public init(supporters: [String], submitterSide: [String], subscribers: [String] = []) {
            self.supporters = supporters
            self.submitterSide = submitterSide
            self.subscribers = subscribers
        }

        public var isEmpty: Bool { supporters.isEmpty && submitterSide.isEmpty && subscribers.isEmpty }
    }

    /// Kinds that send their own, targeted messages (reminders, escalations) or none (sweep
    /// notes, which would flood a unit's list twice a week).
    public static let kindsWithoutNotification: Set<TicketEventKind> = [.reminderSent, .escalated, .sweepNote]

    public static func recipients(_ facts: Facts) -> Recipients {
        guard !kindsWithoutNotification.contains(facts.kind) else { return Recipients(supporters: [], submitterSide: []) }
        let actor = facts.actorWantsOwnChanges ? nil : facts.actorEmail?.lowercased()
        var seen: Set<String> = []
        func unique(_ addresses: [String]) -> [String] {
            addresses.filter { address in
                let key = address.lowercased()
                guard !key.isEmpty, key != actor else { return false }
                return seen.insert(key).inserted
            }
        }
        let supporters = unique([facts.unitList] + [facts.responsible].compactMap { $0 } + facts.involvedUnitLists + facts.involvedPeople)
        guard facts.visibility == .public else { return Recipients(supporters: supporters, submitterSide: []) }
        let wanted: Bool
        switch facts.submitterMode {
        case .everyChange: wanted = true
        case .onSolution: wanted = facts.statusAfter == .solved || facts.statusAfter == .unsolved
        case .never: wanted = false
        }
        let submitterSide = wanted ? unique([facts.submitter] + facts.cc) : []
        let submitter = facts.submitter.lowercased()
        let subscribers = unique(facts.subscribers.filter { $0.lowercased() != submitter })
        return Recipients(supporters: supporters, submitterSide: submitterSide, subscribers: subscribers)
    }
}
