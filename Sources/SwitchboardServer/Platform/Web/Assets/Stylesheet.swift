extension Assets {
    /// One small hand-written stylesheet: readable from 360 px phones to desktops, with a print style.
    static let stylesheet = #"""
    :root {
      --ink: #1d2433; --muted: #5b6478; --line: #d9dde5; --paper: #ffffff; --ground: #f3f5f8;
      --accent: #1f5fbf; --accent-ink: #ffffff; --danger: #b42318; --ok: #1a7f37; --internal: #fff6db; --internal-line: #e0b84c;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      color: var(--ink); background: var(--ground); line-height: 1.5;
    }
    * { box-sizing: border-box; }
    body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
    a { color: var(--accent); }
    a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #8fb3ef; outline-offset: 2px; }
    .site-header { min-width: 0; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1.25rem; background: #17233b; color: #fff; }
    .site-header a { color: #fff; text-decoration: none; }
    .brand { font-weight: 700; font-size: 1.15rem; letter-spacing: .02em; }
    .site-header nav { min-width: 0; }
    .site-header nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
    .site-header nav a { padding: .2rem 0; border-bottom: 2px solid transparent; }
    .site-header nav a[aria-current="page"], .site-header nav a:hover { border-bottom-color: #8fb3ef; }
    .header-right { margin-left: auto; display: flex; gap: .75rem; align-items: center; }
    .viewer { opacity: .85; }
    .link-button { background: none; border: 0; color: #fff; text-decoration: underline; cursor: pointer; font: inherit; padding: 0; }
    main { flex: 1; width: 100%; min-width: 0; max-width: 72rem; margin: 0 auto; padding: 1.25rem; }
    .site-footer { text-align: center; color: var(--muted); font-size: .85rem; padding: .5rem 1rem; }
    h1 { font-size: 1.6rem; margin: .25rem 0 1rem; }
    h2 { font-size: 1.15rem; margin: 0 0 .75rem; }
    h3 { font-size: 1rem; margin: 0 0 .5rem; }
    .card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
    .narrow { max-width: 28rem; margin: 2rem auto; }
    .page-title { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem; }
    .field { display: flex; flex-direction: column; gap: .25rem; margin-bottom: .85rem; }
    .field label { font-weight: 600; }
    .field.checkbox { flex-direction: row; align-items: center; gap: .5rem; }
    .required { color: var(--danger); }
    input, select, textarea { font: inherit; padding: .45rem .55rem; border: 1px solid #aab2c0; border-radius: 6px; background: #fff; color: var(--ink); width: 100%; max-width: 100%; }
    input[type=checkbox] { width: auto; }
    textarea { resize: vertical; }
    .has-error input, .has-error select, .has-error textarea { border-color: var(--danger); }
    .field-error { color: var(--danger); margin: 0; font-size: .9rem; }
    .hint { color: var(--muted); margin: 0; font-size: .85rem; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0 1rem; }
    .button { display: inline-block; border: 1px solid transparent; border-radius: 6px; padding: .45rem .9rem; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
    .button.primary { background: var(--accent); color: var(--accent-ink); }
    .button.secondary { background: #e8eef9; color: var(--accent); border-color: #c4d3ee; }
    .button.danger { background: #fde8e7; color: var(--danger); border-color: #f3b8b3; }
    .button.small { padding: .2rem .6rem; font-size: .85rem; }
    .sign-in-providers { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: .5rem; }
    .sign-in-providers .button { display: block; text-align: center; }
    .notice { border-radius: 6px; padding: .6rem .9rem; margin-bottom: 1rem; border: 1px solid; }
    .notice.error { background: #fdecea; border-color: #f3b8b3; color: #7a1a12; }
    .notice.warning { background: #fff4e0; border-color: #f0c36d; color: #6b4300; }
    .badge.response-green { background: #e3f5e8; color: #12502a; }
    .badge.response-yellow { background: #fdf6c8; color: #5c4d00; }
    .badge.response-amber { background: #ffe3c2; color: #7a3e00; }
    .badge.response-red { background: #fdd9d6; color: #8f1d14; }
    .badge.flag { background: #fff4e0; color: #6b4300; margin-right: .25rem; }
    .sweep-note { font-size: .9rem; color: #4a5160; margin: .2rem 0 0; }
    .sweep-form { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: 0; }
    .sweep-form input[type=text] { min-width: 9rem; flex: 1; }
    .table.sweep td.subject { min-width: 14rem; }
    .notice.success { background: #e7f6ec; border-color: #a8dbb7; color: #12502a; }
    .token { display: block; word-break: break-all; font-size: .95rem; padding: .4rem; background: #fff; border: 1px dashed var(--line); }
    .message-id { overflow-wrap: anywhere; font-size: .85rem; }
    .filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0 .75rem; align-items: end; background: var(--paper);
               border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem 0; margin-bottom: 1rem; }
    .filter-actions { display: flex; gap: .75rem; align-items: center; margin-bottom: .85rem; }
    .counts { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: 0 0 1rem; }
    .counts li { background: var(--paper); border: 1px solid var(--line); border-radius: 999px; padding: .2rem .8rem; }
    .table-wrap { overflow-x: auto; }
    .table { width: 100%; border-collapse: collapse; background: var(--paper); }
    .table th, .table td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    .table th { font-size: .85rem; color: var(--muted); font-weight: 600; }
    .table td.number { white-space: nowrap; }
    .tickets td.subject { min-width: 14rem; }
    .tickets td { white-space: nowrap; }
    .tickets th, .tickets td { padding-left: .45rem; padding-right: .45rem; }
    .tickets td.subject a { display: block; max-width: 19rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .empty { color: var(--muted); }
    .badge { display: inline-block; border-radius: 4px; padding: .05rem .45rem; font-size: .8rem; font-weight: 600; background: #eef0f4; color: var(--ink); white-space: nowrap; }
    .status-new, .status-reopened { background: #e3ecfb; color: #173f85; }
    .status-assigned, .status-in-progress { background: #e6f4ff; color: #0b4f7a; }
    .status-waiting-for-reply, .status-on-hold { background: #fff1d6; color: #7a4b00; }
    .status-solved, .status-verified, .status-closed { background: #e3f5e8; color: #14532d; }
    .status-unsolved { background: #f1f1f1; color: #444; }
    .priority-urgent { background: #fff1d6; color: #7a4b00; }
    .priority-very-urgent { background: #ffe2cc; color: #8a3a00; }
    .priority-top-priority { background: #fde2e1; color: #8f1d14; }
    .ticket-head .ticket-number { color: var(--muted); margin: 0; }
    .ticket-head h1 { margin: .1rem 0 .5rem; overflow-wrap: anywhere; }
    .badges { display: flex; flex-wrap: wrap; gap: .4rem; margin-bottom: 1rem; }
    .ticket-layout { display: grid; grid-template-columns: minmax(0, 1fr) 20rem; gap: 1rem; align-items: start; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
    .facts dt { color: var(--muted); }
    .facts dd { margin: 0; overflow-wrap: anywhere; }
    .prose p { margin: 0 0 .6rem; overflow-wrap: anywhere; }
    .prose p:last-child { margin-bottom: 0; }
    .timeline .description { margin-top: .15rem; }
    .timeline { list-style: none; margin: 0; padding: 0; }
    .timeline .entry { border-left: 3px solid var(--line); padding: .2rem 0 .25rem .75rem; margin-bottom: .3rem; }
    .timeline .entry.kind-comment-public { border-left-color: var(--accent); }
    .timeline .entry.internal { background: var(--internal); border-left-color: var(--internal-line); border-radius: 0 6px 6px 0; }
    .entry-head { font-size: .92rem; color: var(--muted); }
    .entry-head strong { color: var(--ink); }
    .entry-note { margin-top: .15rem; padding-left: .6rem; border-left: 2px solid var(--line); }
    .internal-tag { margin-left: .5rem; font-size: .75rem; font-weight: 700; text-transform: uppercase; color: #7a5600; background: #ffe9a8; border-radius: 4px; padding: 0 .35rem; }
    .rule-tag { margin-left: .5rem; font-size: .75rem; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 .35rem; }
    .attachments { padding-left: 1.1rem; margin: 0; }
    .action-bar { display: flex; flex-wrap: wrap; gap: .4rem; margin-bottom: 1rem; }
    .action-bar > details > summary, .more-actions > details > summary {
      cursor: pointer; list-style: none; border: 1px solid var(--line); border-radius: 6px; padding: .3rem .75rem; background: var(--paper); }
    .action-bar > details > summary::-webkit-details-marker, .more-actions > details > summary::-webkit-details-marker { display: none; }
    .action-bar > details > summary:focus-visible, .more-actions > details > summary:focus-visible { outline: 2px solid var(--accent); }
    .action-bar > details[open] { order: 1; flex-basis: 100%; border: 1px solid var(--line); border-radius: 6px; padding: .75rem; }
    .action-bar > details[open] > summary { font-weight: 700; margin-bottom: .5rem; }
    .more-actions > details { margin-top: .4rem; }
    .more-actions > details > summary { display: block; }
    .more-actions > details[open] { padding-bottom: .5rem; border-bottom: 1px solid var(--line); }
    .more-actions > details[open] > summary { font-weight: 700; margin-bottom: .5rem; }
    .reply-box textarea { width: 100%; }
    @media (max-width: 40rem) {
      /* A card per ticket: number and subject on top, the badges, then the labelled facts. */
      .table.tickets thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      .table.tickets, .table.tickets tbody { display: block; }
      .table.tickets tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .5rem; padding: .6rem .75rem;
                          border: 1px solid var(--line); border-radius: 8px; margin-bottom: .5rem; background: var(--paper); }
      .table.tickets td { display: block; border: 0; padding: 0; }
      .table.tickets td.subject { flex: 1 1 12rem; min-width: 0; }
      .table.tickets td.badge-cell { flex: 0 0 auto; }
      .table.tickets td.subject a { max-width: none; white-space: normal; }
      .table.tickets td[data-label] { flex: 1 1 45%; font-size: .9rem; }
      .table.tickets td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
      .table-wrap.cards { overflow: visible; }
    }
    /* The saved views under the main navigation of every page, one line that scrolls sideways. */
    .saved-views { display: flex; align-items: center; gap: .75rem; padding: .3rem 1.25rem; background: #e8edf5; border-bottom: 1px solid var(--line);
                   overflow-x: auto; white-space: nowrap; font-size: .92rem; }
    .saved-views-label { color: var(--muted); font-weight: 600; }
    .saved-views ul { display: flex; gap: .4rem; list-style: none; margin: 0; padding: 0; }
    .saved-views li { display: flex; align-items: center; gap: .35rem; border: 1px solid var(--line); border-radius: 999px; padding: .05rem .6rem; background: var(--paper); }
    .saved-views li.shared { border-style: dashed; }
    .saved-views a { text-decoration: none; }
    .saved-views a[aria-current="page"] { font-weight: 700; }
    .saved-views .count { font-weight: 700; font-variant-numeric: tabular-nums; color: var(--muted); }
    .saved-view-list { list-style: none; margin: 0; padding: 0; }
    .saved-view-list li { display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem; padding: .2rem 0; }
    .muted { color: var(--muted); }
    .section-title { display: flex; align-items: baseline; gap: 1rem; }
    .dashboard-list { margin-bottom: 1.25rem; }
    .dashboard-lists fieldset { border: 0; padding: 0; margin: 0 0 .75rem; }
    .dashboard-lists legend { font-weight: 700; margin-bottom: .35rem; }
    .dashboard-lists .table.compact { width: auto; }
    .dashboard-lists input.place { width: 4.5rem; }
    .checks { display: flex; flex-wrap: wrap; gap: .3rem 1.25rem; }
    .small { font-size: .88rem; }
    .table.tickets tr.current td { background: #e8f0fe; }
    .table.tickets tr.current td:first-child { box-shadow: inset 3px 0 0 var(--accent); }
    .internal-form textarea { background: var(--internal); }
    .inline { display: inline; }
    .inline-form { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; }
    .inline-form .field { flex: 1 1 14rem; }
    .inline-form.compact .field { flex: 0 1 16rem; }
    .choices { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 1rem; }
    .choices [aria-current] { font-weight: 600; border-color: currentColor; }
    .issue-text h2:not(:first-child) { margin-top: 1.5rem; }
    .digest-issue + .digest-issue { border-top: 1px solid var(--line, #ddd); margin-top: 1rem; padding-top: .5rem; }
    .members { padding-left: 1.1rem; }
    .pager { display: flex; gap: 1rem; margin: 1rem 0; }
    .error-code { color: var(--muted); margin: 0; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .chart-card svg { display: block; max-width: 100%; height: auto; }
    .report-table th[scope=row] { text-align: left; font-weight: 500; white-space: nowrap; }
    @media (max-width: 52rem) {
      .ticket-layout { grid-template-columns: 1fr; }
      main { padding: .75rem; }
      .header-right { margin-left: 0; }
    }
    .template-text { white-space: pre-wrap; max-height: 6.5em; overflow: auto; }
    .templates ul { margin: .3rem 0 .6rem; }
    .missed { color: #9b1c12; font-weight: 700; }
    .missed::after { content: " ✗"; }
    .undefined { color: #666; font-style: italic; }
    .ola-report h2 { margin-top: 1.4rem; }
    .ola-report .narrative { white-space: pre-wrap; }
    .print-view { max-width: 60rem; margin: 1.5rem auto; }
    .print-view .table-wrap { overflow: visible; }
    .ola-table td, .ola-table th { white-space: nowrap; }
    @media print {
      .site-header, .site-footer, .action-bar, .more-actions, .reply-box, .filters, .pager, form { display: none !important; }
      body, :root { background: #fff; }
      .card { border: 0; padding: 0; }
      .ticket-layout { grid-template-columns: 1fr; }
      a { color: inherit; text-decoration: none; }
      .timeline .entry.internal { background: none; border-left-style: dashed; }
      .chart-card { break-inside: avoid; }
      .ola-report section { break-inside: avoid; }
      .print-view { margin: 0; max-width: none; }
      .table-wrap { overflow: visible; }
      .ola-table { font-size: 10pt; }
    }
    """#
}
