export { normalizeEvent, splitMethodArn } from './normalize';
