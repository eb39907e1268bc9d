#!/usr/bin/env node
// Validates Adaptive Card JSON files with the official Adaptive Cards parser, as Teams' renderer would read them
// (schema 1.5). Usage: node scripts/validate-cards.js card1.json [card2.json ...]
// Prints one JSON line per file: {"file": ..., "errors": [...]} and exits 1 when any card has errors.
'use strict';
const fs = require('fs');
const path = require('path');
const AC = require(path.join(__dirname, '..', 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.js'));

let failed = false;
for (const file of process.argv.slice(2)) {
  const errors = [];
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (json.type !== 'AdaptiveCard') errors.push(`type is ${json.type}, not AdaptiveCard`);
    if (json.version !== '1.5') errors.push(`version is ${json.version}; Teams renders up to 1.5 and CoachBot targets 1.5`);
    const context = new AC.SerializationContext(AC.Versions.v1_5);
    const card = new AC.AdaptiveCard();
    card.parse(json, context);
    // Teams' chart elements (Chart.Line, ...) are not in the 1.5 schema: accepted only when every one of them carries a
    // fallback for clients without charts (the parser reports them as unknown either way).
    const charts = [];
    (function walk(node) {
      if (Array.isArray(node)) { node.forEach(walk); return; }
      if (node && typeof node === 'object') {
        if (typeof node.type === 'string' && node.type.startsWith('Chart.')) charts.push(node);
        Object.values(node).forEach(walk);
      }
    })(json);
    for (let i = 0; i < context.eventCount; i++) {
      const e = context.getEventAt(i);
      const chart = /^Unknown element type "(Chart\.[A-Za-z]+)"\./.exec(e.message);
      if (chart && charts.filter(c => c.type === chart[1]).every(c => c.fallback !== undefined)) continue;
      errors.push(`parse: ${e.message}`);
    }
    for (const e of card.validateProperties().validationEvents) {
      errors.push(`validate: ${e.message}`);
    }
    const size = Buffer.byteLength(JSON.stringify(json), 'utf8');
    if (size > 80 * 1024) errors.push(`card is ${size} bytes; Teams cards must stay under about 80 KB`);
  } catch (e) {
    errors.push(`unreadable: ${e.message}`);
  }
  if (errors.length) failed = true;
  console.log(JSON.stringify({ file, errors }));
}
process.exit(failed ? 1 : 0);
