import Fluent
import Foundation
import SwitchboardCore

/// One ticket: its header, the timeline of events and comments, attachments, and the actions
/// the viewer may take. Internal entries appear only for supporters and are marked.
enum TicketPage: WebPage {
    struct Entry {
        var kind: TicketEventKind
        var visibility: Visibility
        var actorName: String
        var at: Date
        var changes: [FieldChange]
        var note: String?
        var commentBody: String?
        var commentQuoted: String? = nil
        var attachment: (id: UUID, filename: String)?
        /// For an automatic action: the rule that took it (`waiting-reminder`, `release-closure`, …).
        var rule: String? = nil
    }

    struct Attachment {
        var id: UUID
        var filename: String
        var size: Int
        var visibility: Visibility
        var createdAt: Date
    }

    /// What the viewer may do; each true value shows one form.
    struct Capabilities {
        var reply = false
        var internalNote = false
        var assignUnit = false
        var assignPerson = false
        var statusTargets: [TicketStatus] = []
        var changePriority = false
        var involve = false
        var link = false
        var attach = false
        var attachInternal = false
        var seesInternal = false
        /// The submitter may escalate now (the next step's number), or why not.
        var setETA = false
        /// The unit working on it records the released fix and hands it to the release unit.
        var recordFix = false
        /// Second line estimates and routes an open requirement.
        var assessRequirement = false
        /// Supporters document known issues from the ticket and link it to one.
        var keepKnownIssues = false
        var escalateStep: Int?
        var escalationRefusal: String?
        /// Whether the viewer subscribes; nil for the submitter, whose mail follows the
        /// ticket's notification mode.
        var subscribed: Bool?
        /// The report's details the viewer may edit (the ETA has a form of its own).
        var editableFields: [TicketField] = []
    }

    struct Response {
        var colour: ResponseColour?
        var startedAt: Date
        var dueAt: Date
        var respondedAt: Date?
    }

    struct Model {
        var id: Int
        var subject: String
        var description: String
        var status: TicketStatus
        var priority: TicketPriority
        var category: TicketCategory
        var unitName: String
        var unitTier: SupportTier
        var assigneeName: String?
        var submitterName: String
        var involved: [String]
        var links: [(kind: TicketLinkKind, ticket: Int)]
        var details: [(label: String, value: String)]
        var createdAt: Date
        var updatedAt: Date
        var entries: [Entry]
        var attachments: [Attachment]
        var can: Capabilities
        var response: Response?
        var attention: [HighPriorityRules.Requirement] = []
        /// Why the ticket stands out on its unit's sweep agenda (supporters only).
        var sweepFlags: [SweepFlag] = []
        var escalationStep = 0
        var eta: Date?
        var unitChoices: [(tier: SupportTier, units: [(id: UUID, name: String)])] = []
        var unitMembers: [Forms.Option] = []
        var supporters: [Forms.Option] = []
        /// The catalogue components, for the fix form.
        var components: [Forms.Option] = []
        /// The component and version the fix is in, once recorded.
        var fixedComponent: String?
        var fixedVersion: String?
        var closedByRelease: UUID?
        /// A requirement's assessment (supporters see it).
        var requirement: RequirementAssessment?
        /// The third-line units a requirement may go to.
        var productTeams: [Forms.Option] = []
        /// The known issues the ticket is linked to, as far as the viewer may read them.
        var knownIssues: [(number: Int, title: String, state: KnownIssueState, published: Bool)] = []
        /// Open known issues the ticket could be linked to.
        var openKnownIssues: [Forms.Option] = []
        /// The editable fields' current values, as the details form shows them.
        var fieldValues: [TicketField: String] = [:]
        /// The reply templates the viewer may use here, filled in for the ticket.
        var templates: [FilledTemplate] = []
        /// The template chosen for the reply form (`?template=`), its text in the reply box.
        var chosenTemplate: FilledTemplate?
        var error: String?
        var success: String?
        /// The action whose form came back refused: it is shown open, with its messages at its
        /// fields and what was typed into it.
        var refused: RefusedAction?
    }

    struct RefusedAction {
        var action: TicketFormAction
        var fieldErrors: [String: [String]] = [:]
        /// The text the viewer had typed, by field name.
        var typed: [String: String] = [:]
    }
}
