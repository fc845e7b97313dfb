// The nouns OKR lint weighs a KR's object with: what names a measure (a rate, a time, a level), what names
// work (things a team does or makes, counted) and what names capacity (a team, a fleet). Kept apart from the
// verbs in lint-vocabulary.ts and from the rules in lint-output.ts.

const words = (list: string): ReadonlySet<string> =>
  new Set(
    list
      .trim()
      .split(/\s*\n\s*|\s*,\s*/)
      .filter((word) => word !== ''),
  );

/**
 * Nouns that name a measure: as the head of a noun phrase they make the phrase a metric ("Release
 * frequency", "Build times under 6 minutes"), even when an activity word stands in front of them.
 */
export const METRIC_NOUNS = words(`
  rate, ratio, score, time, duration, frequency, coverage, satisfaction, completion, adoption, conversion,
  accuracy, cost, budget, velocity, throughput, latency, uptime, availability, retention, engagement,
  participation, nps, enps, csat, volume, count, speed, success, failure, share, usage, yield, level, index,
  gap, margin, attrition, churn, turnover, growth, utilisation, utilization, occupancy, awareness,
  turnaround, length, size, value, percentage, proportion, rating, quality, reliability, accessibility,
  performance, productivity, efficiency, effectiveness, variance, lead time, cycle time, backlog, findings,
  errors, defects, incidents, complaints, revenue, spend, sales, income, profit, roi`);

/**
 * Work a team does or makes, in the plural it is counted in. "Raise the number of blog posts" or
 * "Increase social posts to 60 a month" promise more of these: activity, not a result.
 */
export const WORK_NOUNS = words(`
  post, blog post, article, newsletter, video, tutorial, case study, whitepaper, webinar, podcast, episode,
  demo, presentation, pitch, meeting, call, cold call, email, touch, touchpoint, outreach, activity, event,
  workshop, session, class, training, course, lesson, interview, inspection, review, audit, visit, trip,
  field trip, clinic, fair, job fair, campaign, feature, release, integration, pull request, commit,
  story point, deploy, deployment, ticket, task, hire, application, proposal, report, page, landing page,
  initiative, project, experiment, test, screening, consultation, survey, questionnaire, publication,
  brochure, flyer, mailing, ad, advert, advertisement, social post, tweet, story, template, dashboard,
  playbook, document, guide, policy, process, procedure, module, prototype, pilot, sprint, hackathon,
  roadshow, conference, meetup, seminar, lecture, tour, walkthrough, checklist, outreach event, mailshot`);

/** Capacity rather than results: growing one of these is hiring or buying, an initiative. */
export const CAPACITY_NOUNS = words(`
  team, staff, headcount, workforce, crew, squad, shift, department, fleet, desk, bench, roster,
  engineer, developer, agent, rep, representative, recruiter, writer, designer, nurse, doctor, teacher,
  tutor, caseworker, pharmacist, picker, driver, analyst, consultant, coordinator, manager, hire, fte,
  vehicle, van, truck, bus, server, machine, seat, desk, licence, license`);

/** The singular a plural noun is listed under ("classes" → "class", "studies" → "study"). */
export function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) return word.slice(0, -1);
  return word;
}

/** Whether a noun, or the last two words of a noun phrase, is in a list, in either number. */
export function listed(list: ReadonlySet<string>, phrase: readonly string[]): boolean {
  const last = phrase.at(-1);
  if (last === undefined) return false;
  const lastTwo = phrase.slice(-2).join(' ');
  return [last, singular(last), lastTwo, `${phrase.slice(-2, -1).join(' ')} ${singular(last)}`.trim()].some(
    (candidate) => list.has(candidate),
  );
}
