import Foundation
import Testing
@testable import SwitchboardCore

/// Filling in reply templates.
@Suite struct ReplyTemplateTextTests {
    @Test func placeholdersAreFilledAndUnknownOnesFound() {
        let text = "Dear {{submitter}},\nticket {{ticket}} ({{subject}}) is with {{unit}}; we answer within {{target}}. ${HOME} stays."
        #expect(ReplyTemplateText.unknownPlaceholders(in: text).isEmpty)
        let filled = ReplyTemplateText.render(text, values: ["submitter": "Alice", "ticket": "#7", "subject": "CE down", "unit": "DMSU", "target": "1wd"])
        #expect(filled == "Dear Alice,\nticket #7 (CE down) is with DMSU; we answer within 1wd. ${HOME} stays.")
        #expect(ReplyTemplateText.unknownPlaceholders(in: "Hello {{name}} and {{ ticket }} and {{release}") == ["name"])
        #expect(ReplyTemplateText.render("{{submitter}} {{submitter}}", values: [:]) == " ")
    }
}
