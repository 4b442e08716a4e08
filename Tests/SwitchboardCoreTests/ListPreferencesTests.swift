import Foundation
import Testing
@testable import SwitchboardCore

/// A person's list columns and dashboard lists: what may be chosen and how it is written down.
@Suite struct ListPreferencesTests {
    let view = UUID(uuidString: "0B6F2C1E-6A55-4C8E-9E1A-2F4B8D7C9A10")!

    @Test func sectionsAreWrittenAsKeysAndReadBack() {
        for section in [DashboardSection.assignedToMe, .unitQueue, .submittedByMe, .view(view)] {
            #expect(DashboardSection(key: section.key) == section)
        }
        #expect(DashboardSection.view(view).key == "view:0b6f2c1e-6a55-4c8e-9e1a-2f4b8d7c9a10")
        #expect(DashboardSection(key: "VIEW:0B6F2C1E-6A55-4C8E-9E1A-2F4B8D7C9A10") == nil, "keys are exact")
        #expect(DashboardSection(key: "view:not-an-id") == nil && DashboardSection(key: "") == nil && DashboardSection(key: "Assigned") == nil)
    }

    @Test func theDefaultsDependOnWhoLooks() {
        #expect(ListPreferences().dashboard(isSupporter: true) == [.assignedToMe, .unitQueue])
        #expect(ListPreferences().dashboard(isSupporter: false) == [.submittedByMe])
        #expect(ListPreferences().columns == TicketListColumn.allCases)
        #expect(ListPreferences(dashboard: []).dashboard(isSupporter: true) == [], "an emptied dashboard stays empty")
    }

    @Test func columnsKeepTheListsOrderAndRefuseUnknownNames() {
        var errors = FieldErrors()
        #expect(ListPreferences.columns(from: ["updated", "status", "status"], into: &errors) == [.status, .updated])
        #expect(errors.isEmpty)
        #expect(ListPreferences.columns(from: [], into: &errors) == [], "no optional column at all is a choice")
        _ = ListPreferences.columns(from: ["status", "subject", ""], into: &errors)
        #expect(errors.messages["columns"]?.count == 2, "the subject is always shown; it is not a choice")
        #expect(ListPreferences(columns: [.updated, .unit]).columns == [.unit, .updated])
    }

    @Test func aDashboardKeepsItsOrderAndRefusesWhatThePersonMayNotHave() {
        var errors = FieldErrors()
        let chosen = ListPreferences.dashboard(from: ["view:\(view.uuidString)", "assigned"], isSupporter: true, visibleViews: [view], into: &errors)
        #expect(chosen == [.view(view), .assignedToMe] && errors.isEmpty)

        let cases: [([String], Bool, String)] = [
            (["assigned"], false, "is a supporters' list"),
            (["units", "units"], true, "is given twice"),
            (["sideways"], true, "is not a list"),
            (["view:\(UUID().uuidString)"], true, "no view"),
        ]
        for (keys, isSupporter, message) in cases {
            var refused = FieldErrors()
            _ = ListPreferences.dashboard(from: keys, isSupporter: isSupporter, visibleViews: [view], into: &refused)
            #expect(refused.messages["dashboard"]?.contains { $0.contains(message) } == true, "\(keys): \(refused.messages)")
        }

        let views = (0...ListPreferences.maxDashboardSections).map { _ in UUID() }
        var tooMany = FieldErrors()
        _ = ListPreferences.dashboard(from: views.map { "view:\($0.uuidString)" }, isSupporter: true, visibleViews: Set(views), into: &tooMany)
        #expect(tooMany.messages["dashboard"] == ["A dashboard shows at most \(ListPreferences.maxDashboardSections) lists."])
        var exactlyEnough = FieldErrors()
        _ = ListPreferences.dashboard(from: views.dropLast().map { "view:\($0.uuidString)" }, isSupporter: true, visibleViews: Set(views),
                                      into: &exactlyEnough)
        #expect(exactlyEnough.isEmpty)
    }
}
