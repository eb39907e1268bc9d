// The page's words in English and French; plural forms through Intl.PluralRules (French counts 0 and 1 as "one").
export const strings = {
  en: {
    period: 'Period', region: 'Region', bu: 'BU', all: 'All', weeksOption: '{n} weeks',
    regionsTitle: 'Presence rate against the target', teamTitle: 'Reps', rep: 'Rep', weeks: 'Weeks', thisWeek: 'This week', trend: 'Trend',
    requestsTitle: 'Support requests per BU', open: 'Open', oldest: 'Oldest', toAcknowledge: 'Time to acknowledge', escalations: 'Escalations',
    objections: 'Objections', scoreboardTitle: 'BU scoreboard: delivered export deals against the international objective',
    coachingTitle: 'Coaching completion per track', back: '← Back', openRequests: 'Open requests', commitments: 'Coaching commitments',
    team: 'Team', target: 'Target', delivered: 'Delivered', objective: 'Objective', progress: 'Progress through the programme', done: 'Prompts done',
    visits: 'Visits', planned: 'Visits planned', presence: 'Presence',
    days: { one: '{n} day', other: '{n} days' }, hours: { one: '{n} h', other: '{n} h' },
    deals: { one: '{n} deal delivered', other: '{n} deals delivered' },
    answered: { one: 'answered {n} week of {m}', other: 'answered {n} weeks of {m}' },
    average: 'Average presence {a} (target {t})', noAnswer: 'no answer yet', none: 'None',
    coachingDone: 'Programme: {n} of {m} prompts done', perWeek: '{v} pts/week', export: 'CSV export: {d}',
    datasets: { checkins: 'check-ins', requests: 'requests', coaching: 'coaching' },
    states: { Open: 'open', Acknowledged: 'acknowledged' },
    categories: { Capacity: 'Capacity', DomesticPriority: 'Domestic priority', TechnicalFeasibility: 'Technical feasibility', Margin: 'Margin', Other: 'Other' },
    tracks: { rep: 'Reps', lead: 'BU leads', director: 'Director', sponsor: 'Sponsors' },
    signIn: 'Sign-in failed: Teams could not confirm who you are, so no figures are shown. Close the tab and open it again; if this keeps happening, ask your administrator to check the app\'s single sign-on.',
    notInTeams: 'Open this page from the Dashboard tab of CoachBot in Teams: it signs you in with your Teams account.',
    notOnRoster: 'You are signed in, but you are not on CoachBot\'s roster, so there is nothing to show. Ask the export director to add you.',
    nothing: 'There is nothing for you here yet.', failed: 'The figures could not be loaded. Try again in a minute.',
  },
  fr: {
    period: 'Période', region: 'Région', bu: 'BU', all: 'Toutes', weeksOption: '{n} semaines',
    regionsTitle: 'Taux de présence face à l\'objectif', teamTitle: 'Commerciaux', rep: 'Commercial', weeks: 'Semaines', thisWeek: 'Cette semaine', trend: 'Tendance',
    requestsTitle: 'Demandes d\'appui par BU', open: 'Ouvertes', oldest: 'La plus ancienne', toAcknowledge: 'Délai de prise en charge', escalations: 'Escalades',
    objections: 'Objections', scoreboardTitle: 'Tableau des BU : affaires export livrées face à l\'objectif international',
    coachingTitle: 'Avancement du coaching par parcours', back: '← Retour', openRequests: 'Demandes ouvertes', commitments: 'Engagements de coaching',
    team: 'Équipe', target: 'Objectif', delivered: 'Livré', objective: 'Objectif', progress: 'Avancement dans le programme', done: 'Exercices faits',
    visits: 'Visites', planned: 'Visites prévues', presence: 'Présence',
    days: { one: '{n} jour', other: '{n} jours' }, hours: { one: '{n} h', other: '{n} h' },
    deals: { one: '{n} affaire livrée', other: '{n} affaires livrées' },
    answered: { one: 'a répondu {n} semaine sur {m}', other: 'a répondu {n} semaines sur {m}' },
    average: 'Présence moyenne {a} (objectif {t})', noAnswer: 'pas encore de réponse', none: 'Aucune',
    coachingDone: 'Programme : {n} exercices faits sur {m}', perWeek: '{v} pts/sem.', export: 'Export CSV : {d}',
    datasets: { checkins: 'points hebdo', requests: 'demandes', coaching: 'coaching' },
    states: { Open: 'ouverte', Acknowledged: 'prise en charge' },
    categories: { Capacity: 'Capacité', DomesticPriority: 'Priorité au marché intérieur', TechnicalFeasibility: 'Faisabilité technique', Margin: 'Marge', Other: 'Autre' },
    tracks: { rep: 'Commerciaux', lead: 'Responsables de BU', director: 'Directeur', sponsor: 'Sponsors' },
    signIn: 'Échec de la connexion : Teams n\'a pas pu confirmer votre identité, aucun chiffre n\'est affiché. Fermez l\'onglet puis rouvrez-le ; si cela se reproduit, demandez à votre administrateur de vérifier l\'authentification unique de l\'application.',
    notInTeams: 'Ouvrez cette page depuis l\'onglet Tableau de bord de CoachBot dans Teams : il vous connecte avec votre compte Teams.',
    notOnRoster: 'Vous êtes connecté, mais vous ne figurez pas dans l\'effectif de CoachBot : il n\'y a rien à afficher. Demandez au directeur export de vous ajouter.',
    nothing: 'Rien à afficher pour vous pour l\'instant.', failed: 'Les chiffres n\'ont pas pu être chargés. Réessayez dans une minute.',
  },
};

export function languageOf(locale) {
  return (locale || '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function texts(language, locale) {
  const table = strings[language] || strings.en;
  const plural = new Intl.PluralRules(locale);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => (k in values ? values[k] : `{${k}}`));
  return {
    t: (key, values = {}) => fill(table[key] ?? key, values),
    n: (key, n, values = {}) => {
      const forms = table[key];
      return fill(forms[plural.select(n)] ?? forms.other, { n: new Intl.NumberFormat(locale).format(n), ...values });
    },
    of: (group, key) => (table[group] && table[group][key]) || key,
  };
}
