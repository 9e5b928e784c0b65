/**
 * The latent personas of the synthetic operator and the parameters of every distribution drawn
 * for them. Plain data: the generator, the docs (docs/synthetic-operator.md) and the tests all
 * read this one table.
 *
 * @module
 */

/** Offer traits that personas like or dislike (an offer's trait vector is in [0, 1] per trait). @category Data */
export const OFFER_TRAITS = ['data', 'voice', 'night', 'roaming', 'family', 'premium', 'video', 'music', 'games', 'business', 'budget'] as const;
/** One offer trait. @category Data */
export type OfferTrait = (typeof OFFER_TRAITS)[number];

/**
 * Parameters of one persona of the synthetic operator. Weights are relative (normalised when
 * drawn); `[median, sigma]` pairs are log-normal (`median · exp(sigma · Z)`); shares are means of
 * beta distributions. Money is in the operator's currency unit per month.
 * @category Data
 */
export interface PersonaSpec {
  /** Persona id, e.g. `'young_data'` (the value in `truth.persona`). */
  readonly id: string;
  /** What the persona is, in words. */
  readonly label: string;
  /** Share of the subscriber base. */
  readonly share: number;
  /** Age in years: normal `[mean, sd]`, clamped to 16–85. */
  readonly age: readonly [number, number];
  /** Probability the subscriber is male (else female; 2 % of all are `unknown`). */
  readonly male: number;
  /** Weights of customer types `[individual, family, business, government, vip]`. */
  readonly customerType: readonly [number, number, number, number, number];
  /** Probability of a prepaid payment plan. */
  readonly prepaid: number;
  /** Probability that a postpaid subscriber is on a 12/24-month contract (discount id `C12`/`C24`). */
  readonly contract: number;
  /** Probability of a plain loyalty discount (`D05`, `D10`, `D15`, `D20`). */
  readonly discount: number;
  /** Weights of network types `[2G, 3G, 4G, 5G]`. */
  readonly network: readonly [number, number, number, number];
  /** Weights of device OS `[android, ios, harmonyos, feature, other]`. */
  readonly os: readonly [number, number, number, number, number];
  /** Weights of device price tiers `[low, mid, high, premium]`. */
  readonly priceTier: readonly [number, number, number, number];
  /** Weights of city tiers `[1, 2, 3, 4, 5]`. */
  readonly cityTier: readonly [number, number, number, number, number];
  /** Tenure at the start of the window, months: gamma with `[mean, shape]`. */
  readonly tenure: readonly [number, number];
  /** Monthly bill before shocks: log-normal `[median, sigma]` (the subscriber's level). */
  readonly bill: readonly [number, number];
  /** Mobile data per month, MB: log-normal `[median, sigma]` (the subscriber's level). */
  readonly dataMB: readonly [number, number];
  /** Share of data used 22:00–06:00: beta `[mean, concentration]`. */
  readonly nightShare: readonly [number, number];
  /** Dirichlet weights of data by app category `[video, social, games, travel, shopping, news, music, other]` (concentration 30). */
  readonly apps: readonly [number, number, number, number, number, number, number, number];
  /** Voice minutes per month: log-normal `[median, sigma]`. */
  readonly voiceMinutes: readonly [number, number];
  /** Mean share of voice minutes that are long-distance. */
  readonly longDistanceShare: number;
  /** Mean share of voice minutes made roaming. */
  readonly roamingShare: number;
  /** Mean SMS per month (Poisson mean, times a gamma(2) personal factor). */
  readonly sms: number;
  /** Mean share of weekday outgoing calls made away from the home region. */
  readonly awayShare: number;
  /** Mean number of secondary cards (Poisson). */
  readonly secondaryCards: number;
  /** Mean value-added services in use (Poisson). */
  readonly vas: number;
  /** Mean top-ups per month for prepaid subscribers (1 + Poisson). */
  readonly topUps: number;
  /** Mean out-contacts in the call graph (1 + Poisson). */
  readonly contacts: number;
  /** Persona term of the churn log-odds (added to the intercept). */
  readonly churnLogOdds: number;
  /** Mean complaints per month from service problems (before any intention to leave). */
  readonly complaintRate: number;
  /** Monthly probability of a bill shock (bill × 1.8–3 from roaming or out-of-bundle use). */
  readonly billShock: number;
  /** Probability that a location ping is away from the home region. */
  readonly awayPing: number;
  /** Preference weights over {@link OFFER_TRAITS}, in the order of that list. */
  readonly offerTraits: readonly number[];
  /** Preference for each offer category `[plan, data_pack, broadband, device, vas, content]`. */
  readonly offerCategories: readonly [number, number, number, number, number, number];
}

/**
 * The eight personas of the synthetic operator (from operators' own segmentations): traditional
 * voice users, data-heavy young users, low-end basic users, loyal long-tenure users,
 * high-potential business users, families with secondary cards, night-time entertainment users
 * and frequent travellers. Shares sum to 1. See docs/synthetic-operator.md for the full model.
 *
 * @example
 * PERSONAS.length // => 8
 * PERSONAS[1].id // => 'young_data'
 * @category Data
 */
export const PERSONAS: readonly PersonaSpec[] = [
  {
    id: 'traditional_voice',
    label: 'Traditional voice users: older, call-centric, little data',
    share: 0.16,
    age: [54, 10],
    male: 0.55,
    customerType: [0.92, 0.04, 0.02, 0.01, 0.01],
    prepaid: 0.3,
    contract: 0.25,
    discount: 0.2,
    network: [0.1, 0.15, 0.65, 0.1],
    os: [0.5, 0.06, 0.24, 0.17, 0.03],
    priceTier: [0.45, 0.4, 0.12, 0.03],
    cityTier: [0.12, 0.2, 0.28, 0.24, 0.16],
    tenure: [72, 2],
    bill: [58, 0.35],
    dataMB: [900, 0.8],
    nightShare: [0.1, 40],
    apps: [0.18, 0.3, 0.02, 0.03, 0.07, 0.22, 0.05, 0.13],
    voiceMinutes: [430, 0.5],
    longDistanceShare: 0.18,
    roamingShare: 0.01,
    sms: 25,
    awayShare: 0.04,
    secondaryCards: 0.08,
    vas: 1.2,
    topUps: 1.2,
    contacts: 7,
    churnLogOdds: -0.25,
    complaintRate: 0.06,
    billShock: 0.02,
    awayPing: 0.04,
    //           data voice night roam family premium video music games business budget
    offerTraits: [-0.8, 1.6, -0.6, -0.2, 0.2, -0.6, -0.4, 0.2, -1.0, 0, 0.6],
    offerCategories: [0.6, -0.6, 0.3, -0.2, 0.4, -0.5],
  },
  {
    id: 'young_data',
    label: 'Data-heavy young users: video and social, 5G phones',
    share: 0.17,
    age: [24, 4],
    male: 0.52,
    customerType: [0.96, 0.02, 0.01, 0, 0.01],
    prepaid: 0.45,
    contract: 0.2,
    discount: 0.08,
    network: [0, 0.02, 0.48, 0.5],
    os: [0.48, 0.35, 0.16, 0, 0.01],
    priceTier: [0.12, 0.38, 0.35, 0.15],
    cityTier: [0.3, 0.3, 0.2, 0.12, 0.08],
    tenure: [22, 1.3],
    bill: [78, 0.45],
    dataMB: [22_000, 0.7],
    nightShare: [0.3, 30],
    apps: [0.38, 0.28, 0.1, 0.02, 0.08, 0.02, 0.08, 0.04],
    voiceMinutes: [110, 0.7],
    longDistanceShare: 0.12,
    roamingShare: 0.01,
    sms: 6,
    awayShare: 0.05,
    secondaryCards: 0.02,
    vas: 0.8,
    topUps: 1.6,
    contacts: 9,
    churnLogOdds: 0.45,
    complaintRate: 0.05,
    billShock: 0.05,
    awayPing: 0.08,
    offerTraits: [1.8, -0.8, 0.6, 0, -0.6, 0.8, 1.2, 0.6, 0.6, -0.6, 0.2],
    offerCategories: [0.2, 0.9, -0.4, 0.4, -0.4, 0.6],
  },
  {
    id: 'low_end_basic',
    label: 'Low-end basic users: cheap plans, feature phones, prepaid',
    share: 0.16,
    age: [46, 16],
    male: 0.5,
    customerType: [0.97, 0.02, 0.01, 0, 0],
    prepaid: 0.72,
    contract: 0.05,
    discount: 0.05,
    network: [0.25, 0.25, 0.45, 0.05],
    os: [0.6, 0.02, 0.06, 0.3, 0.02],
    priceTier: [0.8, 0.18, 0.02, 0],
    cityTier: [0.03, 0.07, 0.25, 0.35, 0.3],
    tenure: [36, 1.2],
    bill: [22, 0.4],
    dataMB: [350, 1.0],
    nightShare: [0.15, 30],
    apps: [0.15, 0.35, 0.05, 0.02, 0.05, 0.12, 0.06, 0.2],
    voiceMinutes: [140, 0.6],
    longDistanceShare: 0.1,
    roamingShare: 0.005,
    sms: 12,
    awayShare: 0.03,
    secondaryCards: 0.02,
    vas: 0.3,
    topUps: 1.4,
    contacts: 5,
    churnLogOdds: 0.5,
    complaintRate: 0.07,
    billShock: 0.03,
    awayPing: 0.03,
    offerTraits: [-0.4, 0.6, -0.2, -0.8, 0, -1.6, -0.4, 0, -0.2, -0.8, 2.0],
    offerCategories: [0.4, 0.5, -0.8, -0.6, -0.4, -0.6],
  },
  {
    id: 'loyal_long_tenure',
    label: 'Loyal long-tenure users: many years on the network, steady mid-value',
    share: 0.14,
    age: [49, 11],
    male: 0.5,
    customerType: [0.82, 0.1, 0.02, 0.02, 0.04],
    prepaid: 0.05,
    contract: 0.5,
    discount: 0.45,
    network: [0, 0.05, 0.6, 0.35],
    os: [0.42, 0.25, 0.3, 0.02, 0.01],
    priceTier: [0.15, 0.45, 0.3, 0.1],
    cityTier: [0.18, 0.25, 0.25, 0.18, 0.14],
    tenure: [110, 6],
    bill: [98, 0.35],
    dataMB: [6_000, 0.7],
    nightShare: [0.13, 40],
    apps: [0.25, 0.3, 0.03, 0.05, 0.1, 0.12, 0.06, 0.09],
    voiceMinutes: [320, 0.5],
    longDistanceShare: 0.15,
    roamingShare: 0.02,
    sms: 15,
    awayShare: 0.06,
    secondaryCards: 0.25,
    vas: 1.5,
    topUps: 1,
    contacts: 8,
    churnLogOdds: -1.1,
    complaintRate: 0.04,
    billShock: 0.02,
    awayPing: 0.06,
    offerTraits: [0.4, 0.6, -0.2, 0, 0.6, 0.2, 0.2, 0.2, -0.4, 0, 0],
    offerCategories: [0.3, 0.1, 0.6, 0.3, 0.5, 0],
  },
  {
    id: 'business_potential',
    label: 'High-potential business users: high value, heavy voice, travel on weekdays',
    share: 0.08,
    age: [39, 8],
    male: 0.62,
    customerType: [0.15, 0, 0.6, 0.15, 0.1],
    prepaid: 0.02,
    contract: 0.6,
    discount: 0.2,
    network: [0, 0, 0.3, 0.7],
    os: [0.25, 0.45, 0.3, 0, 0],
    priceTier: [0, 0.1, 0.4, 0.5],
    cityTier: [0.5, 0.32, 0.12, 0.04, 0.02],
    tenure: [50, 2],
    bill: [198, 0.45],
    dataMB: [15_000, 0.6],
    nightShare: [0.1, 40],
    apps: [0.15, 0.3, 0.01, 0.15, 0.06, 0.15, 0.04, 0.14],
    voiceMinutes: [680, 0.5],
    longDistanceShare: 0.3,
    roamingShare: 0.06,
    sms: 30,
    awayShare: 0.35,
    secondaryCards: 0.3,
    vas: 2,
    topUps: 1,
    contacts: 14,
    churnLogOdds: -0.2,
    complaintRate: 0.06,
    billShock: 0.05,
    awayPing: 0.3,
    offerTraits: [0.8, 1.0, -0.6, 1.0, -0.4, 1.4, -0.2, -0.2, -1.0, 2.0, -1.2],
    offerCategories: [0.5, 0.3, 0.6, 0.7, 0.3, -0.6],
  },
  {
    id: 'family_secondary',
    label: 'Families with secondary cards: shared plans, home broadband',
    share: 0.12,
    age: [41, 8],
    male: 0.48,
    customerType: [0.12, 0.85, 0.01, 0, 0.02],
    prepaid: 0.05,
    contract: 0.45,
    discount: 0.35,
    network: [0, 0.03, 0.55, 0.42],
    os: [0.45, 0.25, 0.3, 0, 0],
    priceTier: [0.1, 0.45, 0.35, 0.1],
    cityTier: [0.2, 0.28, 0.26, 0.16, 0.1],
    tenure: [56, 2],
    bill: [158, 0.35],
    dataMB: [12_000, 0.6],
    nightShare: [0.17, 35],
    apps: [0.3, 0.25, 0.08, 0.04, 0.14, 0.06, 0.06, 0.07],
    voiceMinutes: [300, 0.5],
    longDistanceShare: 0.12,
    roamingShare: 0.02,
    sms: 14,
    awayShare: 0.05,
    secondaryCards: 1.1,
    vas: 1.4,
    topUps: 1,
    contacts: 9,
    churnLogOdds: -0.5,
    complaintRate: 0.06,
    billShock: 0.03,
    awayPing: 0.06,
    offerTraits: [0.6, 0.2, -0.2, -0.2, 2.0, 0, 0.4, 0, 0, -0.4, 0.4],
    offerCategories: [0.6, 0.2, 1.0, 0.2, 0.1, 0.2],
  },
  {
    id: 'night_entertainment',
    label: 'Night-time entertainment users: video, games and music after 22:00',
    share: 0.1,
    age: [27, 6],
    male: 0.58,
    customerType: [0.97, 0.02, 0, 0, 0.01],
    prepaid: 0.4,
    contract: 0.15,
    discount: 0.08,
    network: [0, 0.02, 0.5, 0.48],
    os: [0.55, 0.28, 0.17, 0, 0],
    priceTier: [0.15, 0.4, 0.3, 0.15],
    cityTier: [0.22, 0.3, 0.24, 0.14, 0.1],
    tenure: [28, 1.3],
    bill: [68, 0.4],
    dataMB: [30_000, 0.6],
    nightShare: [0.55, 25],
    apps: [0.42, 0.12, 0.26, 0.01, 0.03, 0.01, 0.12, 0.03],
    voiceMinutes: [90, 0.7],
    longDistanceShare: 0.1,
    roamingShare: 0.01,
    sms: 5,
    awayShare: 0.04,
    secondaryCards: 0.02,
    vas: 1,
    topUps: 1.5,
    contacts: 6,
    churnLogOdds: 0.35,
    complaintRate: 0.05,
    billShock: 0.04,
    awayPing: 0.05,
    offerTraits: [1.2, -1.0, 2.0, -0.4, -0.6, 0.4, 1.2, 1.0, 1.6, -0.8, 0.2],
    offerCategories: [-0.2, 0.8, -0.4, 0, 0, 1.0],
  },
  {
    id: 'frequent_traveller',
    label: 'Frequent travellers: roaming, long-distance calls, travel apps',
    share: 0.07,
    age: [37, 9],
    male: 0.56,
    customerType: [0.7, 0.02, 0.18, 0.03, 0.07],
    prepaid: 0.15,
    contract: 0.3,
    discount: 0.15,
    network: [0, 0.02, 0.45, 0.53],
    os: [0.35, 0.4, 0.25, 0, 0],
    priceTier: [0.05, 0.3, 0.4, 0.25],
    cityTier: [0.4, 0.32, 0.16, 0.08, 0.04],
    tenure: [42, 1.6],
    bill: [138, 0.45],
    dataMB: [10_000, 0.7],
    nightShare: [0.14, 35],
    apps: [0.2, 0.22, 0.03, 0.25, 0.08, 0.08, 0.06, 0.08],
    voiceMinutes: [380, 0.55],
    longDistanceShare: 0.35,
    roamingShare: 0.12,
    sms: 18,
    awayShare: 0.45,
    secondaryCards: 0.05,
    vas: 1.2,
    topUps: 1.2,
    contacts: 10,
    churnLogOdds: 0.1,
    complaintRate: 0.06,
    billShock: 0.1,
    awayPing: 0.45,
    offerTraits: [0.6, 0.4, -0.4, 2.2, -0.4, 0.6, 0, 0, -0.6, 0.8, -0.2],
    offerCategories: [0.2, 0.8, -0.6, 0.2, 0.2, -0.2],
  },
];
