import Fluent
import Foundation
import Testing
@testable import SwitchboardServer

/// Every model lists its properties (`properties`) instead of leaving Fluent to find them by
/// reflection on each read and write (issue 16: reflection was a fifth of a change's CPU). A
/// property left out of a list would silently not be read or written: each list must be exactly
/// what reflection finds, the same objects in the same order.
@Suite struct ModelPropertiesTests {
    static let models: [any Model.Type] = [
        APITokenModel.self,
        AttachmentModel.self,
        TimerModel.self,
        OutboxMessageModel.self,
        InboundMessageModel.self,
        BusinessCalendarModel.self,
        CalendarHolidayModel.self,
        CommentModel.self,
        FederatedIdentityModel.self,
        OIDCAuthorizationModel.self,
        IdentityLinkRequestModel.self,
        EntitlementRuleModel.self,
        InstallationSecretModel.self,
        InvolvementModel.self,
        KnownIssueModel.self,
        KnownIssueTicketModel.self,
        ListPreferencesModel.self,
        MembershipModel.self,
        ProductModel.self,
        ComponentModel.self,
        ReleaseModel.self,
        ReleaseStageChangeModel.self,
        RepositorySyncModel.self,
        ReplyTemplateModel.self,
        RequirementModel.self,
        SavedViewModel.self,
        ServiceLevelModel.self,
        ResponseClockModel.self,
        StatusPauseModel.self,
        ServiceModel.self,
        ServiceEndpointModel.self,
        ServiceResponseTargetModel.self,
        DowntimeModel.self,
        DowntimeEndpointModel.self,
        OLAReportModel.self,
        SupportUnitModel.self,
        TicketEventModel.self,
        TicketLinkModel.self,
        TicketModel.self,
        TicketSubscriptionModel.self,
        UserModel.self,
        WebSessionModel.self,
        WebhookModel.self,
        WebhookDeliveryModel.self,
    ]

    @Test(arguments: models.map { ModelType(type: $0) })
    func listedPropertiesAreExactlyTheReflectedOnes(_ model: ModelType) {
        let instance = model.type.init()
        let listed = instance.properties.map { ObjectIdentifier($0) }
        let reflected = Mirror(reflecting: instance).children.compactMap { $0.value as? any AnyProperty }.map { ObjectIdentifier($0) }
        #expect(!reflected.isEmpty)
        #expect(listed == reflected, "\(model.type): \(listed.count) listed, \(reflected.count) reflected")
    }

    /// Every model class in the module is in `models` (a new one must be added there).
    @Test func everyModelIsChecked() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/SwitchboardServer")
        var declared: Set<String> = []
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /final class (\w+): Model\b/) { declared.insert(String(match.1)) }
        }
        #expect(declared == Set(Self.models.map { String(describing: $0) }))
    }

    struct ModelType: CustomTestStringConvertible, Sendable {
        let type: any Model.Type
        var testDescription: String { String(describing: type) }
    }
}
