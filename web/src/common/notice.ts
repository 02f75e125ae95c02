// Why the person is looking at sign-in (e.g. their session ended), shown once on that page.
import { ref } from 'vue'

export const signInNotice = ref('')
