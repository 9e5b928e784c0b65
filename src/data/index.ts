/**
 * Data: CSV and JSON Lines ingestion, and the synthetic operator generator.
 * @module data
 */
export { parseCsv, readCsv, readJsonLines, collectBatches } from './csv.js';
export type { CsvParseOptions, CsvTable, ReadOptions, ValidatedBatch } from './csv.js';
export type { TextSource } from './sources.js';
export { parseIbmTelcoChurn, IbmTelcoCustomerSchema } from './ibm-telco.js';
export type { IbmTelcoCustomer, IbmTelcoData } from './ibm-telco.js';
export { generateOperator } from './generate-operator.js';
export type { CallEdgeColumnTable, GenerateOperatorOptions, OperatorTruth, SyntheticOperator } from './generate-operator.js';
export type { OperatorEvent, OperatorPropensity } from './synthetic/propensity.js';
export type { SyntheticSurveyResponse } from './synthetic/surveys.js';
export { PERSONAS, OFFER_TRAITS } from './synthetic/personas.js';
export type { PersonaSpec, OfferTrait } from './synthetic/personas.js';
