// Writes the Agents Playground's configuration with a chosen person of the demo roster as the current user, and prints
// who that is. The Playground sends every message as its current user and lists exactly five others; it exits when a
// user id appears twice, so the chosen person takes the default user's place and the default takes theirs.
//   node scripts/playground-users.js <name> <output.yml>
// <name>: a first name, a full name or an e-mail of someone in appsettings.Development.json (case and accents ignored).
'use strict';
const fs = require('fs');
const path = require('path');

const [wanted, output] = process.argv.slice(2);
const root = path.resolve(__dirname, '..');
const roster = JSON.parse(fs.readFileSync(path.join(root, 'appsettings.Development.json'), 'utf8')).Organization;

const fold = s => (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase();
const people = new Map();
const add = (person, role) => {
  const key = fold(person.Email || person.AadObjectId || person.Name);
  const known = people.get(key) || { ...person, roles: [] };
  if (!known.roles.includes(role)) known.roles.push(role);
  people.set(key, known);
};
if (roster.Director) add(roster.Director, 'export sales director');
for (const region of roster.Regions || []) if (region.Sponsor) add(region.Sponsor, `executive sponsor (${region.Name})`);
for (const unit of roster.BusinessUnits || []) for (const lead of unit.Leads || []) add(lead, `business unit lead (${unit.Name})`);
for (const rep of roster.Reps || []) add(rep, `rep (${rep.Region})`);

const everyone = [...people.values()];
const chosen = everyone.filter(p => [fold(p.Name), fold(p.Name).split(' ')[0], fold(p.Email)].includes(fold(wanted)));
if (chosen.length !== 1) {
  console.error(chosen.length === 0 ? `No one called "${wanted}" on the demo roster.` : `"${wanted}" names several people; use the full name.`);
  console.error('Choose one of: ' + everyone.map(p => p.Name).join(', '));
  process.exit(2);
}

// Someone the roster knows by e-mail only gets a stable made-up object id: the bot then matches them by the e-mail the
// Playground reports for them, as Teams would.
const slug = p => fold(p.Name).replace(/[^a-z0-9]+/g, '-');
const objectId = p => p.AadObjectId || '00000000-0000-0000-0000-' + [...slug(p)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 0xffffffff, 7).toString(16).padStart(12, '0');
const asUser = (p, first, rest) => {
  const [given, ...surname] = p.Name.split(' ');
  return [
    `id: user-${slug(p)}`, `name: ${p.Name}`, `userPrincipleName: ${p.Email}`, `aadObjectId: ${objectId(p)}`,
    `givenName: ${given}`, `surname: ${surname.join(' ')}`, `email: ${p.Email}`,
  ].map((line, i) => (i === 0 ? first : rest) + line).join('\n');
};

const current = chosen[0];
const base = fs.readFileSync(path.join(root, '.m365agentsplayground.yml'), 'utf8');
// The default current user (first in the checked-in file) comes first among the others: the swap.
const defaultName = (base.match(/\ncurrentUser:\n\s+id: [^\n]+\n\s+name: ([^\n]+)/) || [])[1];
const others = everyone.filter(p => p !== current)
  .sort((a, b) => (b.Name === defaultName) - (a.Name === defaultName))
  .slice(0, 5);
const header = base.split('\ncurrentUser:')[0];
const tail = base.slice(base.indexOf('\ngroupChat:'));
const yml = `${header}
currentUser:
${asUser(current, '  ', '  ')}
users:
${others.map(p => asUser(p, '  - ', '    ')).join('\n')}
personalChat:
  id: personal-chat-${slug(current)}${tail}`;
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, yml);
console.log(`${current.Name}, ${current.roles.join(', ')}`);
