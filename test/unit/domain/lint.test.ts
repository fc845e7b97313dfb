// OKR lint, both ways: the seed articles' outputs are flagged and their outcomes are not, plus every
// other rule of DOMAIN.md's lint table on objectives and cycles.
import { LintFindingSchema } from '@okr-ledger/api-contract';
import type { KeyResultDefinition, LintFinding, ObjectiveState } from '@okr-ledger/okr-domain';
import { lintAll, lintCycle, lintObjective } from '@okr-ledger/okr-domain';
import { describe, expect, it } from 'vitest';
import { krDefinition, ObjectiveStream, objectiveDefinition } from './builders.js';

/** Key results that describe work. Most are the seed articles' own examples. */
const OUTPUTS = [
  'Create a user survey',
  'Collect 1,000 responses',
  'New platform for internal documents',
  '100% of documents moved to the new platform',
  'Run 50 interviews with top clients',
  'Run user testing sessions with 50+ clients',
  'Run 2 brainstorming sessions to review our values',
  'Analyze user behavior in the filter area',
  'Define new categories for our filters',
  'Design better UX for our filters',
  'A/B test new version of filters',
  'Launch new customer support portal',
  'Launch a new implementation kickoff template.',
  'Add role-based onboarding paths for admins and contributors.',
  'Complete migration of all analytics events to the new data warehouse',
  'Implement data governance policies and documentation across all core datasets',
  'Set up automated data quality checks covering 95% of key metrics',
  'Train 5 team members on using the new data stack',
  'Conduct market research in at least 3 priority APAC countries',
  'Interview 10 potential local partners or customers',
  'Deliver a yes/no recommendation with supporting analysis by end of quarter',
  'Conduct 3 successful load tests simulating 10,000 concurrent users.',
  'Write a blog post',
  '(KR1) Create a user survey',
  'KR 2: Collect 1,000 responses',
  '• Send the survey to all customers',
  'Organise 4 customer events',
  'Prepare a pricing proposal',
  'Launched new pricing page',
  'Rolling out SSO to all teams',
  // Issue 18: work verbs on no list, status phrasing, activity counted with an outcome verb, and a
  // measurement word that is not a metric after a work verb.
  'Refurbish 12 classrooms',
  'Consolidate our three CRMs into one',
  'Lobby 5 city councils',
  'Modernise the claims intake form',
  'Payroll system upgrade 60% finished',
  'Q4 release plan fully shipped',
  'All vendor contracts reviewed',
  'Raise the number of blog posts to 30 a month',
  'Expand the support team from 6 to 9 agents',
  'Introduce time tracking',
];

/** Key results that measure a change. */
const OUTCOMES = [
  'Reach NPS over 60',
  'Increase conversion rate by 20%',
  'Reduce median onboarding time from 24 days to 9 days',
  'Raise onboarding satisfaction from 8.1 to 9.0',
  'Increase week-2 product adoption from 41% to 75%',
  'Readership increases by 30%',
  '80% of employees feel better orientation in the company',
  'Increase filter usage by 20%',
  'Increase GMV per session by 10%',
  'Reduce average support resolution time by 30%',
  'Increase Net Promoter Score (NPS) from 40 to 60.',
  'Achieve a Net Promoter Score (NPS) of 70 or higher.',
  'Decrease customer churn from 5% to 2%.',
  'Achieve 99.9% uptime for all production systems.',
  'Resolve 90% of critical system bugs within 48 hours of identification.',
  'Increase active user adoption of the new feature set by 20%.',
  'Grow app store ratings from 4.2 to 4.5 stars.',
  'Shorten the average sales cycle from 90 days to 75 days.',
  'Reduce average first-response time from 4 hours to 30 minutes.',
  'Maintain a customer satisfaction (CSAT) score of 4.8/5.0.',
  'Generate 500 leads from the blog',
  // Activity words used as nouns in front of a metric.
  'Release frequency from 2 to 8 per month',
  'Survey response rate from 20% to 40%',
  'Training completion rate above 90%',
  'Test coverage from 60% to 80%',
  // Issue 18: success rates that open with a work verb.
  'Ship 97% of orders within 24 hours',
  'Complete 90% of home deliveries on the first attempt',
];

const rulesOf = (findings: LintFinding[], targetId: string) =>
  findings.filter((finding) => finding.targetId === targetId).map((finding) => finding.rule);

function objectiveWith(
  definitions: Partial<KeyResultDefinition>[],
  objective: Parameters<typeof objectiveDefinition>[0] = {},
): ObjectiveState {
  const stream = new ObjectiveStream('obj_linted00001', objectiveDefinition(objective));
  definitions.forEach((definition, index) => {
    stream.addKeyResult(`kr_linted0000${index}`, krDefinition(definition));
  });
  return stream.state();
}

const OUTCOME_KR = { title: 'Increase week-2 product adoption from 41% to 75%' };

describe('kr-is-output', () => {
  it.each(OUTPUTS)('flags the output "%s"', (title) => {
    const objective = objectiveWith([{ title }]);

    const finding = lintObjective(objective).find((candidate) => candidate.rule === 'kr-is-output');

    expect(finding).toMatchObject({
      severity: 'warning',
      targetType: 'key_result',
      targetId: 'kr_linted00000',
    });
    expect(finding?.hint).toContain('Initiatives');
  });

  it.each(OUTCOMES)('does not flag the outcome "%s"', (title) => {
    const objective = objectiveWith([{ title }]);

    expect(rulesOf(lintObjective(objective), 'kr_linted00000')).not.toContain('kr-is-output');
  });
});

describe('kr-is-output explains itself', () => {
  it.each([
    ['Refurbish 12 classrooms', '"refurbish 12 classrooms"', 'what changes for customers'],
    ['Payroll system upgrade 60% finished', '"60% finished"', 'percent complete'],
    ['All vendor contracts reviewed', '"reviewed"', 'percent complete'],
    ['Raise the number of blog posts to 30 a month', '"blog posts"', 'More activity is not a result'],
    ['Expand the support team from 6 to 9 agents', '"support team"', 'capacity, not a result'],
    ['New platform for internal documents', '"new platform"', 'A thing to make'],
  ])('names the words that made "%s" an output, with a hint that fits', (title, words, hint) => {
    const objective = objectiveWith([{ title }]);

    const finding = lintObjective(objective).find((candidate) => candidate.rule === 'kr-is-output');

    expect(finding?.message).toContain(words);
    expect(finding?.hint).toContain(hint);
  });
});

describe('objective-all-outputs', () => {
  it('warns when every KR of an objective is an output', () => {
    const objective = objectiveWith([
      { title: 'Create a user survey' },
      { title: 'Collect 1,000 responses' },
      { title: 'New platform for internal documents' },
    ]);

    expect(rulesOf(lintObjective(objective), objective.id)).toEqual(['objective-all-outputs']);
  });

  it('stays quiet when one outcome measures the objective (the seed’s survey example)', () => {
    const objective = objectiveWith(
      [
        { title: 'Create a user survey' },
        { title: 'Collect 1,000 responses' },
        { title: 'Reach NPS over 60' },
        { title: 'Increase conversion rate by 20%' },
      ],
      { title: 'Improve user experience with our product' },
    );

    const findings = lintObjective(objective);

    expect(rulesOf(findings, objective.id)).toEqual([]);
    expect(findings.filter((finding) => finding.rule === 'kr-is-output').map((f) => f.targetId)).toEqual([
      'kr_linted00000',
      'kr_linted00001',
    ]);
  });
});

describe('kr-not-measurable', () => {
  it('warns on a binary or milestone KR with no number and no checkable state in its title', () => {
    const objective = objectiveWith([
      { title: 'Better onboarding experience', type: 'binary', start: null, target: null },
      { title: 'Pricing page redesign', type: 'milestone', start: null, target: null },
    ]);

    const findings = lintObjective(objective).filter((finding) => finding.rule === 'kr-not-measurable');

    expect(findings.map((finding) => [finding.targetId, finding.severity])).toEqual([
      ['kr_linted00000', 'warning'],
      ['kr_linted00001', 'warning'],
    ]);
  });

  it('accepts a number or a checkable state, and ignores numeric types', () => {
    const objective = objectiveWith([
      { title: 'SOC 2 Type II report issued', type: 'binary', start: null, target: null },
      { title: 'Self-serve checkout live for all customers', type: 'binary', start: null, target: null },
      {
        title: 'Data processing agreement signed with every reseller',
        type: 'milestone',
        start: null,
        target: null,
      },
      { title: 'Better onboarding experience', type: 'increase', start: 1, target: 2 },
    ]);

    expect(lintObjective(objective).map((finding) => finding.rule)).not.toContain('kr-not-measurable');
  });
});

describe('kr-no-baseline', () => {
  it('informs when an increase/decrease KR has no start and no "from X" in its title', () => {
    const objective = objectiveWith([
      { title: 'Increase conversion rate by 20%', start: null, target: 20 },
      { title: 'Reduce churn to 2%', type: 'decrease', start: null, target: -2 },
    ]);

    const findings = lintObjective(objective).filter((finding) => finding.rule === 'kr-no-baseline');

    expect(findings.map((finding) => [finding.targetId, finding.severity])).toEqual([
      ['kr_linted00000', 'info'],
      ['kr_linted00001', 'info'],
    ]);
  });

  it('is satisfied by a start value or by a "from X" in the title', () => {
    const objective = objectiveWith([
      { title: 'Increase conversion rate by 20%', start: 3, target: 3.6 },
      { title: 'Increase market share from 15% to 25%', start: null, target: 25 },
      { title: 'Grow MRR from $1.2M to $1.5M', start: null, target: 1.5 },
      { title: 'Reach NPS over 60', type: 'stay_above', start: null, target: null, threshold: 60 },
    ]);

    expect(lintObjective(objective).map((finding) => finding.rule)).not.toContain('kr-no-baseline');
  });
});

describe('kr-no-owner', () => {
  it('informs when a KR has no owner (empty counts as none)', () => {
    const objective = objectiveWith([
      { ...OUTCOME_KR, owner: null },
      { ...OUTCOME_KR, owner: '  ' },
      OUTCOME_KR,
    ]);

    const findings = lintObjective(objective).filter((finding) => finding.rule === 'kr-no-owner');

    expect(findings.map((finding) => [finding.targetId, finding.severity])).toEqual([
      ['kr_linted00000', 'info'],
      ['kr_linted00001', 'info'],
    ]);
  });
});

describe('objective-kr-count', () => {
  it.each([
    [0, 'error'],
    [1, 'warning'],
    [2, 'warning'],
    [6, 'warning'],
  ])('with %s live KRs is a %s', (count, severity) => {
    const objective = objectiveWith(Array.from({ length: count }, () => OUTCOME_KR));

    const finding = lintObjective(objective).find((candidate) => candidate.rule === 'objective-kr-count');

    expect(finding).toMatchObject({ severity, targetType: 'objective', targetId: objective.id });
  });

  it.each([3, 4, 5])('with %s live KRs is fine', (count) => {
    const objective = objectiveWith(Array.from({ length: count }, () => OUTCOME_KR));

    expect(lintObjective(objective).map((finding) => finding.rule)).not.toContain('objective-kr-count');
  });

  it('counts only live KRs, and a removed output KR is no longer linted', () => {
    const stream = new ObjectiveStream('obj_linted00001')
      .addKeyResult('kr_outcome00001', krDefinition(OUTCOME_KR))
      .addKeyResult('kr_outcome00002', krDefinition(OUTCOME_KR))
      .addKeyResult('kr_outcome00003', krDefinition(OUTCOME_KR))
      .addKeyResult('kr_output000001', krDefinition({ title: 'Create a user survey' }))
      .removeKeyResult('kr_outcome00003');

    const findings = lintObjective(stream.state());

    expect(findings.map((finding) => finding.rule)).not.toContain('objective-kr-count');
    stream.removeKeyResult('kr_output000001');
    const afterRemoval = lintObjective(stream.state());
    expect(afterRemoval.find((finding) => finding.rule === 'objective-kr-count')?.message).toContain(
      '2 Key Results',
    );
    expect(afterRemoval.map((finding) => finding.rule)).not.toContain('kr-is-output');
  });
});

describe('objective-has-number', () => {
  it.each(['Grow revenue by 20%', 'Win 50 enterprise customers', 'Reach 2000 customers'])(
    'informs on "%s"',
    (title) => {
      const objective = objectiveWith([OUTCOME_KR, OUTCOME_KR, OUTCOME_KR], { title });

      expect(lintObjective(objective)).toEqual([
        expect.objectContaining({ rule: 'objective-has-number', severity: 'info', targetId: objective.id }),
      ]);
    },
  );

  it.each([
    'Make customer onboarding dramatically faster and more predictable',
    'Launch the new product feature set by the end of Q2',
    'Become the partner of choice in 2026',
  ])('does not treat words or a time reference as figures: "%s"', (title) => {
    const objective = objectiveWith([OUTCOME_KR, OUTCOME_KR, OUTCOME_KR], { title });

    expect(lintObjective(objective).map((finding) => finding.rule)).not.toContain('objective-has-number');
  });
});

describe('lintCycle', () => {
  function objectives(count: number, owner: string | null, team: string | null, cycleId = '2026-Q4') {
    return Array.from({ length: count }, (_, index) =>
      new ObjectiveStream(
        `obj_${(owner ?? team ?? 'x').slice(0, 3)}${String(index).padStart(6, '0')}`,
        objectiveDefinition({ owner, team }),
        cycleId,
      ).state(),
    );
  }

  it('warns, on the cycle, about an owner and a team with more than 5 live objectives', () => {
    const all = [
      ...objectives(6, 'ann@example.com', 'Growth'),
      ...objectives(5, 'bob@example.com', 'Support'),
    ];

    const findings = lintCycle(all);

    expect(findings).toHaveLength(2);
    expect(
      findings.every((finding) => finding.targetType === 'cycle' && finding.targetId === '2026-Q4'),
    ).toBe(true);
    expect(
      findings.every((finding) => finding.rule === 'cycle-objective-count' && finding.severity === 'warning'),
    ).toBe(true);
    expect(findings.map((finding) => finding.message).join('\n')).toMatch(
      /owner "ann@example.com" has 6 objectives/,
    );
    expect(findings.map((finding) => finding.message).join('\n')).toMatch(/team "Growth" has 6 objectives/);
  });

  it('does not count archived objectives, objectives of another cycle, or missing owners and teams', () => {
    const archived = new ObjectiveStream(
      'obj_archived001',
      objectiveDefinition({ owner: 'ann@example.com', team: 'Growth' }),
    )
      .archive()
      .state();
    const all = [
      ...objectives(5, 'ann@example.com', 'Growth'),
      archived,
      ...objectives(1, 'ann@example.com', 'Growth', '2027-Q1'),
      ...objectives(7, null, null),
    ];

    expect(lintCycle(all)).toEqual([]);
  });

  it('lintAll gives the cycle findings and every objective’s findings, in the board’s finding shape', () => {
    const all = objectives(6, 'ann@example.com', null);

    const findings = lintAll(all);

    expect(findings[0]?.rule).toBe('cycle-objective-count');
    expect(findings.filter((finding) => finding.rule === 'objective-kr-count')).toHaveLength(6);
    for (const finding of findings) {
      expect(LintFindingSchema.strict().parse(finding)).toEqual(finding);
    }
  });
});

describe('archived objectives', () => {
  it('are not linted', () => {
    const archived = new ObjectiveStream(
      'obj_archived001',
      objectiveDefinition({ title: 'Win 50 customers' }),
    )
      .addKeyResult('kr_output000001', krDefinition({ title: 'Create a user survey', owner: null }))
      .archive()
      .state();

    expect(lintObjective(archived)).toEqual([]);
  });
});
