import { describe, expect, it } from 'vitest';
import { ClientCredentialsAdapter, PROFILE } from '../../test/base-adapter-fixture.js';
import type { IamAdapter } from '../contracts/iam-adapter.js';
import { BaseAdapter } from './base-adapter.js';
import type { FormFields } from './encode-form.js';

const TOKEN_URL = 'https://idp.example.com/token';

/** A token-exchange adapter: the IdP gets and verifies the human's subject token. */
class ExchangeAdapter extends BaseAdapter {
  constructor() {
    super(
      { tokenUrl: TOKEN_URL, clientId: 'agent-1', clientSecret: 's' },
      {},
      {
        profile: PROFILE,
        audience: undefined,
        details: {},
        layout: 'rfc8693',
      },
    );
  }

  protected async buildForm(): Promise<FormFields> {
    return [['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange']];
  }
}

describe('BaseAdapter layout (IamAdapter.layout, what InSessionTokenRequest reads)', () => {
  it('is the layout the adapter declares, and none when it declares none', () => {
    const exchange: IamAdapter = new ExchangeAdapter();
    const undeclared: IamAdapter = new ClientCredentialsAdapter(TOKEN_URL, {});
    expect(exchange.layout).toBe('rfc8693');
    expect(undeclared.layout).toBeUndefined();
  });
});
