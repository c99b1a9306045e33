// The example invoices: a small in-code data set, one store per handler instance (a warm Lambda keeps
// what was created until it is recycled, which is all an example needs).
export interface Invoice {
  readonly id: string;
  readonly subscriberId: string;
  readonly amount: number;
  readonly currency: string;
  readonly createdAt: string;
}

const SEED: readonly Invoice[] = [
  { id: 'inv-1001', subscriberId: 'sub-1001', amount: 42.5, currency: 'EUR', createdAt: '2026-01-15T09:00:00.000Z' },
  { id: 'inv-2002', subscriberId: 'sub-2002', amount: 99, currency: 'EUR', createdAt: '2026-02-01T12:30:00.000Z' },
];

export class InvoiceStore {
  private readonly invoices = new Map<string, Invoice>(SEED.map((invoice) => [invoice.id, invoice]));
  private nextNumber = 3003;

  get(id: string): Invoice | undefined {
    return this.invoices.get(id);
  }

  listFor(subscriberId: string): Invoice[] {
    return [...this.invoices.values()].filter((invoice) => invoice.subscriberId === subscriberId);
  }

  create(subscriberId: string, amount: number, now: Date): Invoice {
    const invoice: Invoice = { id: `inv-${this.nextNumber++}`, subscriberId, amount, currency: 'EUR', createdAt: now.toISOString() };
    this.invoices.set(invoice.id, invoice);
    return invoice;
  }
}
