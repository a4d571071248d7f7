// The engine's SessionStore for the desktop: the auth session (it holds the refresh token) is encrypted
// with Electron's safeStorage before it touches the disk. Where the OS offers no real key store (Linux
// with no keyring: safeStorage's `basic_text`, a key hard-coded in Chromium) the user is told, visibly;
// where encryption is unavailable altogether the session is kept in memory only.
import type { SessionStore } from '../core/session-store'
import type { JsonStore } from './settings-repository'

/** The async safeStorage API (Electron ≥ 38; the sync one is deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>
  encryptStringAsync(plainText: string): Promise<Buffer>
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>
  getSelectedStorageBackend(): string
}

export type Protection = 'os-keystore' | 'basic_text' | 'memory-only'

export interface TokenStoreOptions {
  safeStorage: SafeStorageLike
  store: JsonStore
  platform: NodeJS.Platform
  /** Shown to the user (a notice in every window) and logged. */
  warn(message: string): void
  log(message: string): void
}

export interface TokenStore extends SessionStore {
  /** How the last saved session is protected (null before the first save or load). */
  protection(): Protection | null
}

export const BASIC_TEXT_WARNING =
  'No desktop keyring was found, so your sign-in is saved with a fixed, publicly known key (basic_text). ' +
  'Anyone who can read your files can use it. Install and unlock a keyring (GNOME Keyring, KWallet) to protect it.'
export const NO_ENCRYPTION_WARNING =
  'This system offers no encryption for saved sign-ins, so your session is kept in memory only: ' +
  'you will be asked to sign in again next time.'

interface SavedSession {
  version: 1
  protection: 'os-keystore' | 'basic_text'
  ciphertext: string
}

export function createTokenStore(o: TokenStoreOptions): TokenStore {
  let memory: string | null = null
  let protection: Protection | null = null
  const warned = new Set<string>()
  const warnOnce = (message: string) => {
    if (warned.has(message)) return
    warned.add(message)
    o.warn(message)
  }
  const detect = async (): Promise<Protection> => {
    if (!(await o.safeStorage.isAsyncEncryptionAvailable())) return 'memory-only'
    if (o.platform === 'linux' && o.safeStorage.getSelectedStorageBackend() === 'basic_text')
      return 'basic_text'
    return 'os-keystore'
  }

  const save = async (session: string): Promise<void> => {
    memory = session
    protection = await detect()
    if (protection === 'memory-only') {
      o.store.store = {}
      return warnOnce(NO_ENCRYPTION_WARNING)
    }
    if (protection === 'basic_text') warnOnce(BASIC_TEXT_WARNING)
    const ciphertext = (await o.safeStorage.encryptStringAsync(session)).toString('base64')
    const saved: SavedSession = { version: 1, protection, ciphertext }
    o.store.store = { ...saved }
  }

  const load = async (): Promise<string | null> => {
    const saved = o.store.store as Partial<SavedSession>
    if (typeof saved.ciphertext !== 'string') return memory
    try {
      const { result, shouldReEncrypt } = await o.safeStorage.decryptStringAsync(
        Buffer.from(saved.ciphertext, 'base64'),
      )
      protection = saved.protection === 'basic_text' ? 'basic_text' : 'os-keystore'
      if (protection === 'basic_text') warnOnce(BASIC_TEXT_WARNING)
      if (shouldReEncrypt) await save(result)
      return (memory = result)
    } catch (err) {
      // A key that changed (another OS account, a reset keyring) makes the session unreadable: sign in again.
      o.log(`saved session could not be decrypted and was discarded: ${String(err)}`)
      o.store.store = {}
      return null
    }
  }

  return {
    load,
    save,
    clear: async () => {
      memory = null
      o.store.store = {}
    },
    protection: () => protection,
  }
}
