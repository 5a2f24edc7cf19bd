/** The catalog's categories (src/templates/template-format.ts), as people read them. */
export const CATEGORIES: { id: string; label: string }[] = [
  { id: 'lead_capture', label: 'Lead capture' },
  { id: 'customer_support', label: 'Customer support' },
  { id: 'reporting', label: 'Reporting' },
  { id: 'data_sync', label: 'Data sync' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'sales_automation', label: 'Sales automation' },
];

export const categoryLabel = (id: string) => CATEGORIES.find((c) => c.id === id)?.label ?? id;
